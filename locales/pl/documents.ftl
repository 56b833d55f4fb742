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
capa-column-external_ref = Identyfikator z CRM
capa-column-client = Klient
capa-column-occurred_at = Data i godzina zdarzenia (UTC)
capa-column-category = Rodzaj incydentu
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
capa-window-running = jeszcze nieocenione (okres weryfikacji kończy się { $until })
# Pismo do klienta: co klient otrzymuje na temat jednego incydentu, w swoim języku.
letter-title = Nasze działania po incydencie z { $date }
letter-greeting = Szanowny Zespole { $name },
letter-intro = Dziękujemy za cierpliwość. W tym piśmie opisujemy, co się wydarzyło, co zmieniamy, aby sytuacja się nie powtórzyła, oraz kiedy przekażemy kolejną odpowiedź.
letter-incident-date = Data incydentu
letter-what-happened = Co się wydarzyło
letter-changes = Co zmieniamy
letter-changes-intro = { $count ->
    [one] Wprowadzamy jedną zmianę:
    [few] Wprowadzamy { $count } zmiany:
    [many] Wprowadzamy { $count } zmian:
   *[other] Wprowadzamy { $count } zmiany:
}
letter-changes-none = O planowanych zmianach poinformujemy, gdy tylko zapadnie decyzja.
letter-change = { $title }, do { $date }
letter-next-answer = Kolejna odpowiedź
letter-next-answer-on = Kolejną odpowiedź przekażemy najpóźniej do { $date }.
letter-contact = Osoba do kontaktu
letter-contact-person = W sprawie tego pisma osobą do kontaktu po naszej stronie jest { $name }.
letter-closing = Dziękujemy za zaufanie.
# Miesiące w dopełniaczu, jak w dacie w piśmie: „1 grudnia 2026”.
letter-month-1 = stycznia
letter-month-2 = lutego
letter-month-3 = marca
letter-month-4 = kwietnia
letter-month-5 = maja
letter-month-6 = czerwca
letter-month-7 = lipca
letter-month-8 = sierpnia
letter-month-9 = września
letter-month-10 = października
letter-month-11 = listopada
letter-month-12 = grudnia

# Co link do udostępniania pokazuje zamiast pisma.
shared-gone-title = Ten link jest już nieważny
shared-gone = Link do tego pisma wygasł lub został wycofany. Nowy link można uzyskać od osoby do kontaktu po naszej stronie.
shared-unknown-title = Nie znaleziono pisma
shared-unknown = Pod tym adresem nie ma żadnego pisma. Należy sprawdzić, czy link został skopiowany w całości.
shared-revised-title = To pismo jest w trakcie aktualizacji
shared-revised = Aktualizujemy to pismo. Link można otworzyć ponownie później.
