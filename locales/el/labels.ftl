# Ετικέτες των κωδικών του DOMAIN.md, που εμφανίζονται δίπλα σε κάθε κωδικό στις απαντήσεις.

language-en = Αγγλικά
language-ro = Ρουμανικά
language-pl = Πολωνικά
language-el = Ελληνικά

category-late_payment = Καθυστέρηση πληρωμής
category-abusive_conduct = Υβριστική συμπεριφορά
category-unresponsive = Έλλειψη ανταπόκρισης
category-scope_dispute = Διαφωνία για το εύρος εργασιών
category-chronic_complaints = Χρόνια παράπονα
category-dissatisfaction = Δυσαρέσκεια
category-out_of_scope_request = Αίτημα εκτός προσφερόμενων υπηρεσιών
category-advice_rejected = Απόρριψη συμβουλής
category-other = Άλλο

severity-low = Χαμηλή
severity-medium = Μέτρια
severity-high = Υψηλή
severity-critical = Κρίσιμη

incident-status-open = Ανοιχτό
incident-status-in_review = Υπό εξέταση
incident-status-closed = Κλειστό

entry-kind-email = Ηλεκτρονικό μήνυμα
entry-kind-call = Τηλεφωνική κλήση
entry-kind-meeting = Συνάντηση
entry-kind-change = Αλλαγή
entry-kind-payment = Πληρωμή
entry-kind-note = Σημείωση

retrospective-status-draft = Πρόχειρη
retrospective-status-published = Δημοσιευμένη

document-format-markdown = Markdown
document-format-html = HTML
export-format-json = JSON
export-format-csv = CSV

document-audience-internal = Για εσωτερική χρήση
document-audience-client = Για τον πελάτη

action-status-open = Ανοιχτή
action-status-in_progress = Σε εξέλιξη
action-status-done = Ολοκληρωμένη
action-status-verified = Επαληθευμένη
action-status-cancelled = Ακυρωμένη
action-status-reopened = Ανοιχτή ξανά

role-reader = Αναγνώστης
role-writer = Συντάκτης
role-admin = Διαχειριστής

delivery-status-pending = Σε αναμονή
delivery-status-delivered = Παραδόθηκε
delivery-status-failed = Απέτυχε
disabled-reason-gone = Ο παραλήπτης δεν υπάρχει πια (410)
disabled-reason-failing = Αποστολές που αποτυγχάνουν για πολύ καιρό
disabled-reason-paused = Σε παύση από διαχειριστή

action-kind-correction = Διόρθωση
action-kind-corrective = Διορθωτική ενέργεια
action-kind-preventive = Προληπτική ενέργεια
effectiveness-no_repeat_for_client = Καμία επανάληψη σε αυτόν τον πελάτη
effectiveness-no_repeat_any_client = Καμία επανάληψη σε κανέναν πελάτη
effectiveness-manual = Έλεγχος από άνθρωπο
verdict-effective = Αποτελεσματική
verdict-ineffective = Αναποτελεσματική

follow-up-kind-retrospective = Ανασκόπηση
follow-up-kind-action = Διορθωτική ενέργεια
follow-up-overdue-since = Εκπρόθεσμη από τις { $date }
follow-up-due-today = Η προθεσμία λήγει σήμερα
follow-up-due-on = Προθεσμία: { $date }
