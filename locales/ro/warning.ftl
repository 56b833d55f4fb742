# Avertizare timpurie: contactele raportate de CRM și clienții în pericol, cu motivele lor.
# Pluralele se aleg după PLURAL($n), nu după $n: vezi src/i18n/romanian.rs.

contact-kind-call = Apel telefonic
contact-kind-meeting = Întâlnire
contact-kind-email = E-mail
contact-kind-payment = Plată
contact-direction-inbound = De la client
contact-direction-outbound = De la noi

risk-reason-lapse = Contact întrerupt
risk-reason-slow_replies = Răspunsuri tot mai lente
risk-reason-late_payments = Plăți întârziate

risk-lapse = Niciun contact de { $silence }; de obicei, acest client este contactat o dată la { $cadence }.
risk-slow_replies = Răspunsurile sunt tot mai lente: ultimul a venit după { $recent }, deși de obicei acest client răspunde în { $usual }.
risk-late_payments = Plățile întârzie: ultima a sosit cu { $recent } întârziere, deși de obicei acest client plătește cu { $usual } întârziere.
risk-late_payments-after_on_time = Plățile întârzie: ultima a sosit cu { $recent } întârziere, deși înainte acest client plătea la timp.

risk-duration-minutes = { PLURAL($minutes) ->
    [one] { $minutes } minut
    [few] { $minutes } minute
   *[other] { $minutes } de minute
}
risk-duration-hours = { PLURAL($hours) ->
    [one] { $hours } oră
    [few] { $hours } ore
   *[other] { $hours } de ore
}
risk-duration-days = { PLURAL($days) ->
    [one] { $days } zi
    [few] { $days } zile
   *[other] { $days } de zile
}
