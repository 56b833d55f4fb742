# Etykiety kodów z DOMAIN.md, pokazywane w odpowiedziach obok każdego kodu.

language-en = Angielski
language-ro = Rumuński
language-pl = Polski
language-el = Grecki

category-late_payment = Płatność po terminie
category-abusive_conduct = Obraźliwe zachowanie
category-unresponsive = Brak reakcji klienta
category-scope_dispute = Spór o zakres prac
category-chronic_complaints = Ciągłe skargi
category-dissatisfaction = Niezadowolenie
category-out_of_scope_request = Prośba o usługę spoza oferty
category-advice_rejected = Odrzucona rekomendacja
category-other = Inne

severity-low = Niska
severity-medium = Średnia
severity-high = Wysoka
severity-critical = Krytyczna

incident-status-open = Otwarty
incident-status-in_review = W analizie
incident-status-closed = Zamknięty

entry-kind-email = E-mail
entry-kind-call = Rozmowa telefoniczna
entry-kind-meeting = Spotkanie
entry-kind-change = Zmiana
entry-kind-payment = Płatność
entry-kind-note = Notatka

retrospective-status-draft = Wersja robocza
retrospective-status-published = Opublikowana

document-format-markdown = Markdown
document-format-html = HTML
export-format-json = JSON
export-format-csv = CSV

document-audience-internal = Do użytku wewnętrznego
document-audience-client = Dla klienta

action-status-open = Otwarte
action-status-in_progress = W toku
action-status-done = Wykonane
action-status-verified = Zweryfikowane
action-status-cancelled = Anulowane
action-status-reopened = Otwarte ponownie

role-reader = Czytelnik
role-writer = Edytor
role-admin = Administrator

delivery-status-pending = Oczekujące
delivery-status-delivered = Dostarczone
delivery-status-failed = Nieudane
disabled-reason-gone = Odbiorca już nie istnieje (410)
disabled-reason-failing = Dostarczenia zbyt długo nieudane
disabled-reason-paused = Wstrzymany przez administratora

action-kind-correction = Korekcja
action-kind-corrective = Działanie naprawcze
action-kind-preventive = Działanie zapobiegawcze
effectiveness-no_repeat_for_client = Brak powtórzenia u tego klienta
effectiveness-no_repeat_any_client = Brak powtórzenia u żadnego klienta
effectiveness-manual = Ocena ręczna
verdict-effective = Skuteczne
verdict-ineffective = Nieskuteczne

follow-up-kind-retrospective = Retrospektywa
follow-up-kind-action = Działanie naprawcze
follow-up-overdue-since = Po terminie od { $date }
follow-up-due-today = Termin mija dziś
follow-up-due-on = Termin: { $date }
