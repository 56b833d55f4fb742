# Dokument retrospektywy.

doc-title = Retrospektywa: { $summary }
doc-blameless = Przegląd bez szukania winnych: patrzymy na nasze procesy, nie na ludzi.
doc-client = Klient
doc-category = Kategoria
doc-severity = Waga
doc-status = Status incydentu
doc-occurred = Data i godzina zdarzenia
doc-reported-by = Osoba zgłaszająca
doc-language = Język tekstu
doc-retrospective-status = Retrospektywa
doc-tags = Tagi
doc-description = Opis
doc-timeline = Oś czasu
doc-timeline-empty = Do tego incydentu nie dołączono żadnych dowodów.
doc-what-happened = Co się stało
doc-client-view = Punkt widzenia klienta
doc-our-view = Nasz punkt widzenia
doc-whys = Dlaczego do tego doszło?
doc-gaps = Potwierdzone luki w procesach
doc-primary = główna
doc-prevention = Jak ją zamknąć
doc-lessons = Wnioski
doc-not-written = Jeszcze nie uzupełniono.

# Wykres luk.
chart-gaps-title = Incydenty według luk w procesach
chart-incidents = Incydenty
chart-repeats = Powtórzenia
chart-empty = Nie ma jeszcze potwierdzonych luk.

# Eksport CAPA (ISO 9001 10.2): nagłówki kolumn i słowa w komórkach.
capa-column-incident_id = Incydent
capa-column-external_ref = Identyfikator w CRM
capa-column-client = Klient
capa-column-occurred_at = Data zdarzenia (UTC)
capa-column-category = Charakter
capa-column-severity = Waga
capa-column-summary = Podsumowanie
capa-column-correction = Korekcja
capa-column-gaps = Przyczyny (potwierdzone luki)
capa-column-escape_point = Dlaczego nie wykryto tego wcześniej
capa-column-action_needed = Potrzebne działanie
capa-column-action_needed_rationale = Uzasadnienie
capa-column-actions = Działania
capa-column-verdicts = Skuteczność
capa-column-published_at = Publikacja retrospektywy (UTC)
capa-yes = Tak
capa-no = Nie
capa-primary = główna
capa-due = termin
capa-window-running = jeszcze nieocenione (okno kończy się { $until })
