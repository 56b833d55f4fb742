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
