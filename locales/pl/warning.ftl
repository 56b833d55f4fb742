# Wczesne ostrzeganie: kontakty zgłaszane przez CRM i zagrożeni klienci wraz z powodami.

contact-kind-call = Rozmowa telefoniczna
contact-kind-meeting = Spotkanie
contact-kind-email = E-mail
contact-kind-payment = Płatność
contact-direction-inbound = Od klienta
contact-direction-outbound = Od nas

risk-reason-lapse = Kontakt się urwał
risk-reason-slow_replies = Coraz wolniejsze odpowiedzi
risk-reason-late_payments = Opóźnione płatności

risk-lapse = Ostatni kontakt: { $silence } temu; zwykle kontaktujemy się z tym klientem co { $cadence }.
risk-slow_replies = Klient odpowiada coraz wolniej. Czas odpowiedzi: ostatnio { $recent }, zwykle { $usual }.
risk-late_payments = Klient płaci z opóźnieniem. Ostatnia płatność: { $recent } po terminie, zwykle { $usual } po terminie.
risk-late_payments-after_on_time = Klient płaci z opóźnieniem. Ostatnia płatność: { $recent } po terminie, choć wcześniej płatności wpływały w terminie.

risk-duration-minutes = { $minutes ->
    [one] { $minutes } minuta
    [few] { $minutes } minuty
    [many] { $minutes } minut
   *[other] { $minutes } minuty
}
risk-duration-hours = { $hours ->
    [one] { $hours } godzina
    [few] { $hours } godziny
    [many] { $hours } godzin
   *[other] { $hours } godziny
}
risk-duration-days = { $days ->
    [one] { $days } dzień
    [few] { $days } dni
    [many] { $days } dni
   *[other] { $days } dnia
}
