# Έγκαιρη προειδοποίηση: οι επαφές που αναφέρει το CRM και οι πελάτες σε κίνδυνο, με τους λόγους.

contact-kind-call = Τηλεφωνική κλήση
contact-kind-meeting = Συνάντηση
contact-kind-email = Ηλεκτρονικό μήνυμα
contact-kind-payment = Πληρωμή
contact-direction-inbound = Από τον πελάτη
contact-direction-outbound = Από εμάς

risk-reason-lapse = Διακοπή επικοινωνίας
risk-reason-slow_replies = Όλο και πιο αργές απαντήσεις
risk-reason-late_payments = Καθυστερημένες πληρωμές

risk-lapse = Καμία επαφή εδώ και { $silence }· συνήθως επικοινωνούμε με αυτόν τον πελάτη κάθε { $cadence }.
risk-slow_replies = Ο πελάτης απαντά όλο και πιο αργά. Χρόνος απάντησης: πρόσφατα { $recent }, συνήθως { $usual }.
risk-late_payments = Ο πελάτης πληρώνει με καθυστέρηση. Τελευταία πληρωμή: { $recent } μετά την προθεσμία, συνήθως { $usual } μετά την προθεσμία.
risk-late_payments-after_on_time = Ο πελάτης πληρώνει με καθυστέρηση. Τελευταία πληρωμή: { $recent } μετά την προθεσμία, ενώ παλαιότερα πλήρωνε εμπρόθεσμα.

risk-duration-minutes = { $minutes ->
    [one] { $minutes } λεπτό
   *[other] { $minutes } λεπτά
}
risk-duration-hours = { $hours ->
    [one] { $hours } ώρα
   *[other] { $hours } ώρες
}
risk-duration-days = { $days ->
    [one] { $days } ημέρα
   *[other] { $days } ημέρες
}
