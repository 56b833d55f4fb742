# Early warning: the contacts a CRM reports, and the clients at risk with their reasons.

contact-kind-call = Call
contact-kind-meeting = Meeting
contact-kind-email = E-mail
contact-kind-payment = Payment
contact-direction-inbound = From the client
contact-direction-outbound = From us

risk-reason-lapse = Contact has lapsed
risk-reason-slow_replies = Replies are slowing down
risk-reason-late_payments = Paying late

# $silence and $cadence are durations (risk-duration-days).
risk-lapse = No contact for { $silence }; this client is usually contacted every { $cadence }.
# $recent and $usual are durations (risk-duration-*).
risk-slow_replies = Replies are slowing down: the latest took { $recent }, where this client usually replies within { $usual }.
risk-late_payments = Payments are late: the latest came { $recent } late, where this client usually pays { $usual } late.
risk-late_payments-after_on_time = Payments are late: the latest came { $recent } late, where this client used to pay on time.

risk-duration-minutes = { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
risk-duration-hours = { $hours ->
    [one] { $hours } hour
   *[other] { $hours } hours
}
risk-duration-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
