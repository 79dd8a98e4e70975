"""The words of prompt injection, language by language, as tables (`injection.py` builds its patterns from them).

An injected sentence speaks to a model: it names one as its addressee ("Note to any AI", "Si eres una
IA", "Hinweis an die KI", "Assistant:"), or orders it to drop its instructions ("Ignora las
instrucciones anteriores"). The tables hold, per language, the names a model goes by, the frames that
address someone, and the verbs and nouns of "ignore the instructions". Entries are lower-case regular
expression fragments; Latin-script entries are matched at word boundaries, the CJK ones anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LanguageCues:
    """How one language addresses a model and tells it to drop its instructions."""

    models: tuple[str, ...]
    """What a model is called ("ai", "language model", "assistant"), with the articles that may precede it."""
    address: tuple[str, ...]
    """Frames that make the next word their addressee: "note to", "if you are"."""
    greetings: tuple[str, ...]
    """Calls for attention that address a name only when a comma or colon follows it: "hey", "attention"."""
    directives: tuple[str, ...]
    """Verbs that order a writer about: "write", "describe", "present"."""
    ignore: tuple[str, ...]
    instructions: tuple[str, ...]


ARTICLES = (
    r"(?:(?:any|every|the|an?|whatever|all|la|el|una?|cualquier|l'|le|une?|toute?|die|der|den|eine?n?|jede[rn]?|"
    r"a|o|uma?|qualquer|il|lo|un'|de|het|een|elke|wie)\s*)*"
)

LANGUAGES: dict[str, LanguageCues] = {
    "en": LanguageCues(
        models=(
            "ai",
            "a\\.i\\.",
            "artificial intelligence",
            "assistant",
            "ai assistant",
            "chatbot",
            "bot",
            "language model",
            "large language model",
            "llm",
            "model",
            "gpt",
            "chatgpt",
            "claude",
            "gemini",
            "copilot",
            "summari[sz]er",
            "tool",
        ),
        address=(
            "note to",
            "note for",
            "message to",
            "message for",
            "instructions? for",
            "p\\.?s\\.? for",
            "if you are",
            "if you're",
        ),
        greetings=("attention", "hey", "hi", "hello", "dear", "okay", "ok", "psst"),
        directives=(
            "write",
            "say",
            "state",
            "describe",
            "present",
            "call",
            "rate",
            "list",
            "put",
            "make",
            "treat",
            "publish",
            "report",
            "claim",
            "mention",
            "include",
            "quote",
        ),
        ignore=("ignore", "disregard", "forget", "override", "bypass", "skip"),
        instructions=("instructions?", "prompts?", "rules", "guidelines", "directions"),
    ),
    "es": LanguageCues(
        models=("ia", "inteligencia artificial", "asistente", "modelo(?: de lenguaje)?", "chatbot", "bot"),
        address=("nota para", "nota a", "mensaje para", "si eres", "si usted es"),
        greetings=("atención", "hola", "oye", "querido", "querida"),
        directives=(
            "escribe",
            "escriba",
            "di",
            "diga",
            "describe",
            "describa",
            "presenta",
            "presente",
            "afirma",
            "menciona",
            "incluye",
            "publica",
            "pon",
        ),
        ignore=("ignora", "ignore", "ignoren", "olvida", "olvide", "omite"),
        instructions=("instrucciones", "indicaciones", "reglas", "órdenes"),
    ),
    "fr": LanguageCues(
        models=("ia", "intelligence artificielle", "assistant", "modèle(?: de langage)?", "chatbot", "bot"),
        address=("note à", "note pour", "message à", "message pour", "si tu es", "si vous êtes"),
        greetings=("attention", "salut", "bonjour", "cher", "chère"),
        directives=(
            "écris",
            "écrivez",
            "dis",
            "dites",
            "décris",
            "décrivez",
            "présente",
            "présentez",
            "affirme",
            "affirmez",
            "mentionne",
            "mentionnez",
            "indique",
            "indiquez",
            "publie",
            "publiez",
        ),
        ignore=(
            "ignore",
            "ignorez",
            "oublie",
            "oubliez",
            "ne tiens pas compte des",
            "ne tenez pas compte des",
        ),
        instructions=("instructions", "consignes", "règles", "directives"),
    ),
    "de": LanguageCues(
        models=(
            "ki",
            "künstliche intelligenz",
            "assistent(?:in)?",
            "sprachmodell",
            "modell",
            "chatbot",
            "bot",
        ),
        address=(
            "hinweis an",
            "hinweis für",
            "notiz an",
            "notiz für",
            "nachricht an",
            "wenn du",
            "falls du",
            "wenn sie",
        ),
        greetings=("achtung", "hallo", "hey", "liebe", "lieber"),
        directives=(
            "schreib",
            "schreibe",
            "schreiben sie",
            "sag",
            "sage",
            "beschreibe",
            "beschreib",
            "stelle",
            "stell",
            "nenne",
            "nenn",
            "erwähne",
            "behaupte",
            "veröffentliche",
        ),
        ignore=("ignoriere", "ignorieren sie", "vergiss", "vergessen sie", "missachte"),
        instructions=("anweisungen", "instruktionen", "regeln", "vorgaben"),
    ),
    "pt": LanguageCues(
        models=("ia", "inteligência artificial", "assistente", "modelo(?: de linguagem)?", "chatbot", "bot"),
        address=("nota para", "nota à", "mensagem para", "se você é", "se você for", "se és"),
        greetings=("atenção", "olá", "oi", "caro", "cara"),
        directives=(
            "escreva",
            "escreve",
            "diga",
            "diz",
            "descreva",
            "descreve",
            "apresente",
            "apresenta",
            "afirme",
            "mencione",
            "inclua",
            "publique",
        ),
        ignore=("ignore", "ignora", "esqueça", "esquece", "desconsidere"),
        instructions=("instruções", "instrucoes", "regras", "orientações"),
    ),
    "it": LanguageCues(
        models=("ia", "intelligenza artificiale", "assistente", "modello(?: linguistico)?", "chatbot", "bot"),
        address=("nota per", "nota all'", "messaggio per", "se sei", "se lei è"),
        greetings=("attenzione", "ciao", "caro", "cara"),
        directives=(
            "scrivi",
            "scriva",
            "di'",
            "dica",
            "descrivi",
            "descriva",
            "presenta",
            "presenti",
            "afferma",
            "menziona",
            "includi",
            "pubblica",
        ),
        ignore=("ignora", "ignori", "dimentica", "dimentichi"),
        instructions=("istruzioni", "regole", "indicazioni"),
    ),
    "nl": LanguageCues(
        models=("ai", "kunstmatige intelligentie", "assistent", "taalmodel", "model", "chatbot", "bot"),
        address=("notitie voor", "bericht voor", "als je", "als u"),
        greetings=("let op", "opgelet", "hallo", "hoi", "beste"),
        directives=("schrijf", "zeg", "beschrijf", "presenteer", "noem", "vermeld", "stel", "publiceer"),
        ignore=("negeer", "vergeet"),
        instructions=("instructies", "regels", "aanwijzingen"),
    ),
    "pl": LanguageCues(
        models=(
            "ai",
            "si",
            "sztuczna inteligencja",
            "asystent(?:ie|ka)?",
            "model(?:em)?(?: językowym?)?",
            "chatbot",
            "bot",
        ),
        address=("notatka dla", "wiadomość dla", "jeśli jesteś", "jeżeli jesteś"),
        greetings=("uwaga", "cześć", "hej", "drogi"),
        directives=("napisz", "powiedz", "opisz", "przedstaw", "wymień", "podaj", "opublikuj"),
        ignore=("zignoruj", "ignoruj", "zapomnij"),
        instructions=("instrukcje", "polecenia", "zasady", "reguły"),
    ),
}

# Scripts without spaces between words: matched as substrings.
CJK_MODELS = ("ai", "人工智能", "人工知能", "助手", "アシスタント", "模型", "モデル", "チャットボット")
CJK_ADDRESS = ("如果你是", "如果您是", "致", "给")
CJK_GREETINGS = ("注意", "注意事项")
CJK_IGNORE = ("忽略", "无视", "無視", "忘记", "忘れ")
CJK_INSTRUCTIONS = ("指令", "指示", "说明", "命令", "規則", "规则")
