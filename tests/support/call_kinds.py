"""Four customer calls of different kinds, written for the tests: what each supports is not the same.

A churn interview (Dana left for another tool), a feature-request call (Omar asks for what is missing),
a planning session (Lena's rollout has not started) and a success story (Priya's close went from six
days to two). Plain `Name: words` text, interviewer first.
"""

from __future__ import annotations

CHURN = """\
Sam: Thanks for making time, Dana. Is it okay if I record this so I can take notes?
Dana: Sure, that's fine.
Sam: You cancelled your subscription last month. Can you walk me through what led to that?
Dana: Honestly it had been building for a while. The reporting was too slow for us, every export took ten minutes and the team just stopped using it. By the end we were copying numbers into spreadsheets again.
Sam: What did that look like day to day for your team?
Dana: It was frustrating. My analysts spent Monday mornings rebuilding the same dashboard by hand because the scheduled reports kept breaking. That was the point where I started looking around.
Sam: What would have kept you with us?
Dana: If the scheduled reports had worked reliably, we would have stayed. We needed a way to push data into our warehouse every night, and that was never on your roadmap.
Sam: Where did you go instead?
Dana: We went with another vendor that syncs straight into the warehouse. We decided not to renew once the pilot with them worked.
Sam: Was there anything you'll miss?
Dana: Your support team was great, I have to say. Whenever something broke they answered within the hour and they were always honest with us.
Sam: How did the team feel about the switch?
Dana: Relieved, mostly. Nobody likes rebuilding the same report every week, and the new tool gave them their Mondays back.
Sam: Thank you, Dana. That's really useful for our product team.
Dana: Happy to help.
"""

FEATURE_REQUEST = """\
Sam: Thanks for joining, Omar. Is it alright if I record this call?
Omar: Yes, go ahead.
Sam: How are you using the scheduler today?
Omar: We plan every shift for the warehouse in it. It works for the basics, but there are a few things that really get in the way.
Sam: What gets in the way?
Omar: We can't export the rota to payroll, so someone retypes every shift at the end of the week. It is a real waste of a morning, and mistakes creep in.
Sam: What would you want instead?
Omar: It would be great if you could send the hours straight to our payroll system. I wish there was an approval step for swaps too, because right now anyone can swap a shift without a manager seeing it.
Sam: Anything else on your list?
Omar: Mobile is missing a proper view for team leads. We need the ability to see who is on shift from the floor, not only from a desk. We use a workaround with screenshots in a group chat.
Sam: How does that feel for the team leads?
Omar: It is frustrating for them. They want to be on the floor, and instead they keep walking back to a computer.
Sam: Thanks, Omar. I'll take this to the product team.
Omar: Great, thanks.
"""

PLANNING = """\
Sam: Hi Lena, thanks for joining. Is it okay if I record this so I can share notes with the team?
Lena: Yes, that's fine.
Sam: Let's talk about the rollout. Where are you starting?
Lena: The plan is to start with the two clinics in Leeds. We're going to move their booking onto the new system first and keep the others on the old one until we're confident.
Sam: What does the timeline look like?
Lena: Kick-off is next month. We're hoping to go live in Leeds by the end of the quarter, and then roll out to the other six clinics next year.
Sam: What worries you most about it?
Lena: Honestly, the data migration. Our old booking system is a mess, and I'm worried the patient histories will be confusing for reception staff in the first weeks.
Sam: Who is involved on your side?
Lena: Our operations manager owns it, and each clinic will have one person who is trained first. We're planning to run training sessions the week before go-live.
Sam: What would success look like for you?
Lena: We're aiming to cut no-shows and get reception off the phone. But we haven't started yet, so ask me again in six months.
Sam: Thanks, Lena. Let's check in again after go-live.
Lena: Sounds good.
"""

SUCCESS = """\
Jordan: Thanks for joining, Priya. Is it alright if I record this call for the case study?
Priya: Yes, of course.
Jordan: Tell me about month end before you started with us.
Priya: Month end took six working days. Two people spent most of a week typing depot spreadsheets into the ledger by hand, and it was painful.
Jordan: What changed once you moved over?
Priya: The depots send their data straight into the ledger now. Last month we closed in two days instead of six, and disputes are down about 40 percent since we switched.
Jordan: How did that feel for you personally?
Priya: It was a relief, honestly. I stopped dreading the last week of the month, and my team finally takes lunch breaks again.
Jordan: What did your CFO say?
Priya: He asked me to run the numbers twice because he didn't believe it. Then he asked why we hadn't done it sooner.
Jordan: What would you tell a finance team thinking about this?
Priya: Don't wait until it breaks. We waited until it broke, and I spent a night at my kitchen table fixing a report at 2 a.m.
Jordan: Thank you so much. I'll write this up and send you a draft for your approval before we publish anything.
Priya: Perfect, thanks.
"""

CALLS: dict[str, str] = {
    "churn": CHURN,
    "feature_request": FEATURE_REQUEST,
    "planning": PLANNING,
    "success_story": SUCCESS,
}
