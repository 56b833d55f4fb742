# Το έγγραφο της ανασκόπησης.

doc-title = Ανασκόπηση: { $summary }
doc-blameless = Ανασκόπηση χωρίς απόδοση ευθυνών: εξετάζουμε τις διαδικασίες μας, όχι τους ανθρώπους.
doc-client = Πελάτης
doc-category = Κατηγορία
doc-severity = Σοβαρότητα
doc-status = Κατάσταση περιστατικού
doc-occurred = Πότε συνέβη
doc-reported-by = Αναφέρθηκε από
doc-language = Γλώσσα κειμένου
doc-retrospective-status = Κατάσταση ανασκόπησης
doc-tags = Ετικέτες
doc-description = Περιγραφή
doc-timeline = Χρονολόγιο
doc-timeline-empty = Δεν έχουν επισυναφθεί τεκμήρια σε αυτό το περιστατικό.
doc-what-happened = Τι συνέβη
doc-client-view = Η οπτική του πελάτη
doc-our-view = Η δική μας οπτική
doc-whys = Γιατί συνέβη;
doc-gaps = Επιβεβαιωμένα κενά διαδικασιών
doc-primary = κύριο
doc-prevention = Πώς το κλείνουμε
doc-lessons = Διδάγματα
doc-not-written = Δεν έχει συμπληρωθεί ακόμη.

# Το διάγραμμα ανά κενό.
chart-gaps-title = Περιστατικά ανά κενό διαδικασίας
chart-incidents = Περιστατικά
chart-repeats = Επαναλήψεις
chart-empty = Δεν υπάρχουν ακόμη επιβεβαιωμένα κενά.

# Η εξαγωγή CAPA (ISO 9001 10.2): οι επικεφαλίδες των στηλών και οι λέξεις στα κελιά.
capa-column-incident_id = Περιστατικό
capa-column-external_ref = Αναγνωριστικό στο CRM
capa-column-client = Πελάτης
capa-column-occurred_at = Πότε συνέβη (UTC)
capa-column-category = Φύση περιστατικού
capa-column-severity = Σοβαρότητα
capa-column-summary = Σύνοψη
capa-column-correction = Διόρθωση
capa-column-gaps = Αιτίες (επιβεβαιωμένα κενά)
capa-column-escape_point = Γιατί δεν εντοπίστηκε νωρίτερα
capa-column-action_needed = Απαιτείται ενέργεια
capa-column-action_needed_rationale = Αιτιολόγηση
capa-column-actions = Ενέργειες
capa-column-verdicts = Αποτελεσματικότητα
capa-column-published_at = Δημοσίευση ανασκόπησης (UTC)
capa-yes = Ναι
capa-no = Όχι
capa-primary = κύριο
capa-due = προθεσμία
capa-window-running = δεν έχει κριθεί ακόμη (η περίοδος επαλήθευσης λήγει στις { $until })
# Η επιστολή προς τον πελάτη: τι μαθαίνει ο πελάτης για ένα περιστατικό, στη γλώσσα του.
letter-title = Η ενημέρωσή μας για το περιστατικό της { $date }
letter-greeting = Αγαπητή ομάδα { $name },
letter-intro = Σας ευχαριστούμε για την υπομονή σας. Σε αυτή την επιστολή σας εξηγούμε τι συνέβη, τι αλλάζουμε ώστε να μην επαναληφθεί και πότε θα έχετε ξανά νέα μας.
letter-incident-date = Ημερομηνία του περιστατικού
letter-what-happened = Τι συνέβη
letter-changes = Τι αλλάζουμε
letter-changes-intro = { $count ->
    [one] Δεσμευόμαστε για μία αλλαγή:
   *[other] Δεσμευόμαστε για { $count } αλλαγές:
}
letter-changes-none = Θα σας ενημερώσουμε για τις αλλαγές μόλις αποφασιστούν.
letter-change = { $title }, έως τις { $date }
letter-next-answer = Η επόμενη απάντησή μας
letter-next-answer-on = Θα επικοινωνήσουμε ξανά μαζί σας έως τις { $date }.
letter-contact = Το άτομο επικοινωνίας σας
letter-contact-person = Για κάθε ερώτηση σχετικά με αυτή την επιστολή, απευθυνθείτε στο άτομο επικοινωνίας μας: { $name }.
letter-closing = Σας ευχαριστούμε για την εμπιστοσύνη σας.
# Οι μήνες στη γενική, όπως σε μια ημερομηνία επιστολής: «1 Δεκεμβρίου 2026».
letter-month-1 = Ιανουαρίου
letter-month-2 = Φεβρουαρίου
letter-month-3 = Μαρτίου
letter-month-4 = Απριλίου
letter-month-5 = Μαΐου
letter-month-6 = Ιουνίου
letter-month-7 = Ιουλίου
letter-month-8 = Αυγούστου
letter-month-9 = Σεπτεμβρίου
letter-month-10 = Οκτωβρίου
letter-month-11 = Νοεμβρίου
letter-month-12 = Δεκεμβρίου

# Τι δείχνει ένας σύνδεσμος κοινοποίησης στη θέση της επιστολής.
shared-gone-title = Αυτός ο σύνδεσμος δεν ισχύει πλέον
shared-gone = Ο σύνδεσμος προς αυτή την επιστολή έληξε ή ανακλήθηκε. Ζητήστε νέο σύνδεσμο από το άτομο επικοινωνίας μας.
shared-unknown-title = Η επιστολή δεν βρέθηκε
shared-unknown = Δεν υπάρχει επιστολή σε αυτή τη διεύθυνση. Ελέγξτε ότι αντιγράψατε ολόκληρο τον σύνδεσμο.
shared-revised-title = Η επιστολή αναθεωρείται
shared-revised = Ενημερώνουμε αυτή την επιστολή. Ανοίξτε ξανά τον σύνδεσμο αργότερα.
