# The gap catalog: name, what the gap is, and what a firm sets up to close it.

gap-scope_undefined = Scope never defined
    .description = The service's scope, and who is responsible for what, were never stated to the client.
    .prevention = Write down at the start what the service includes and what it does not, who does what on each side, and have the client acknowledge it. Example actions: add an "included / not included" section to every offer; send a one-page responsibilities summary at kick-off.
gap-expectations_misaligned = Expectations never aligned
    .description = Success criteria and priorities were never agreed; each side measured something else.
    .prevention = Agree with the client, in writing, what success means and which priorities come first, and report on exactly that. Example actions: hold a kick-off workshop on success criteria; put the client's own measures at the top of every report.
gap-contact_cadence = Contact too rare
    .description = Contact with the client was too rare or irregular to notice trouble early.
    .prevention = Keep a regular rhythm of conversations, not only reports, and treat late payments or terse replies as early signals. Example actions: a monthly call with every active client; a health check when a client's tone or payments change.
gap-conduct_boundaries = No rules of conduct
    .description = No rules of conduct or working protocol were set at the start, and the first deviation was let pass.
    .prevention = State the rules of working together at the start (channels, hours, respectful tone) and respond to the first deviation, calmly and in writing. Example actions: a working-together page in every contract; a template for answering the first breach.
gap-escalation_path = No escalation path
    .description = There is no defined escalation for abuse, threats or debts.
    .prevention = Define who escalates what and when: legal help above a debt threshold (such as 500 EUR), the police for violence or threats, a manager for abuse. Example actions: write the escalation ladder down; agree a lawyer or collection partner in advance.
gap-payment_followup = Payments not followed up
    .description = Payment terms are not enforced: no reminder, no late fee, nobody chasing.
    .prevention = Put payment terms and late fees in the contract, and make someone responsible for reminders on fixed days after the due date. Example actions: automatic reminders at 3, 10 and 30 days; a late-fee clause in every new contract.
gap-intake_checklist = No intake checklist
    .description = The client never received written, specific steps for what to provide and by when.
    .prevention = Send every client a written checklist of what is needed from them, in what form and by which date, and follow it up. Example actions: an onboarding checklist per service; a dated request list with each project plan.
gap-complaint_timebox = Complaints without limits
    .description = Complaints get unlimited time and channels; meetings end without an outcome.
    .prevention = Give complaints one channel and a time limit, and end every conversation with a concrete request or decision. Example actions: a 30-minute cap on complaint calls; a written summary with the next step after each one.
gap-response_commitment = No committed answer date
    .description = While something was investigated, the client got no committed date for an answer.
    .prevention = When a question needs investigation, give the client the exact date of your answer, and keep it, even if all you can give is a progress update. Example actions: a rule to confirm an answer date within one working day; tracking open questions with due dates.
gap-evidence_trail = No evidence trail
    .description = Changes, decisions and correspondence were not recorded; what was agreed cannot be shown.
    .prevention = Record decisions and agreements in writing and keep the correspondence and change history where the team can find them. Example actions: confirm every phone agreement by e-mail; keep a decision log per client.
gap-service_catalog = No answer for services we do not offer
    .description = The client asked for a service outside the offering, and there is no way to decline it, refer the client to a partner, or build it.
    .prevention = Keep a clear catalog of services and a prepared answer for requests outside it: decline politely, refer to a partner, or decide to build the service. Example actions: a list of partner referrals; a quarterly review of requests we could not serve.
gap-advice_protocol = No rule for rejected advice
    .description = A disagreement over expert advice had no rule for how it ends.
    .prevention = Advise up to three times with reasons, record the client's decision in writing, then implement what the client chose: it is the client's money. Example actions: a decision record template; a three-times rule in the team's guidelines.
gap-internal_handoff = Requests lost in hand-off
    .description = What the client asked was lost or distorted between account management and delivery.
    .prevention = Pass client requests to the delivery team in writing, complete and checked by the account lead, and confirm the understanding back to the client. Example actions: a request template with acceptance criteria; a read-back to the client before work starts.

# Why the finder proposes a gap.
reason-category = The category “{ $category }” usually comes from this gap.
reason-phrase = The text says “{ $phrase }”.
reason-word = In the incidents the finder learned from, the word “{ $word }” often went with this gap.
reason-similar = One of your incidents, { $percent }% similar to this one, was confirmed with this gap in its retrospective.
reason-amount = The amount owed, { $amount } (about { $eur } EUR), is above the { $threshold } EUR at which a debt needs an escalation path.
reason-overdue = { $days ->
    [one] The text mentions a delay of one day.
   *[other] The text mentions a delay of { $days } days.
}

# Corrective actions and repeats.
action-reopened-by-repeat = Reopened automatically: incident { $incident } exposed the same gap again, so this action did not work.
action-judged-effective = Judged effective by the service: no incident repeated its gap between { $from } and { $until }.
action-judged-ineffective = Judged ineffective by the service and reopened: incident { $incident } repeated its gap between { $from } and { $until }.
earlier-action = This was supposed to be fixed by the action “{ $title }”, done on { $date }.

# Why an incident is like another.
similar-confirmed-gap = Both retrospectives confirmed “{ $gap }”.
similar-likely-gap = Both most likely expose “{ $gap }”.
similar-concepts = { $count ->
    [one] Both texts mention one thing in common.
   *[other] Both texts mention { $count } things in common.
}
similar-category = Both are in the category “{ $category }”.
similar-client = Both are about the same client.
