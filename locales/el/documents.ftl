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
capa-column-external_ref = Αναφορά CRM
capa-column-client = Πελάτης
capa-column-occurred_at = Ημερομηνία συμβάντος (UTC)
capa-column-category = Φύση
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
capa-window-running = δεν έχει κριθεί ακόμη (το παράθυρο λήγει στις { $until })
