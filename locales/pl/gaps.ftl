# Katalog luk: nazwa, na czym polega luka i co firma wprowadza, żeby ją zamknąć.

gap-scope_undefined = Niezdefiniowany zakres usług
    .description = Klient nigdy nie usłyszał, co obejmuje usługa i kto za co odpowiada.
    .prevention = Od początku spisz, co usługa obejmuje, a czego nie, kto za co odpowiada po obu stronach, i poproś klienta o potwierdzenie. Przykładowe działania: sekcja „w cenie / poza ceną” w każdej ofercie; jednostronicowe podsumowanie obowiązków na starcie projektu.
gap-expectations_misaligned = Nieuzgodnione oczekiwania
    .description = Nie uzgodniono kryteriów sukcesu ani priorytetów; każda ze stron mierzyła co innego.
    .prevention = Uzgodnij z klientem na piśmie, co oznacza sukces i co jest najważniejsze, a potem raportuj właśnie to. Przykładowe działania: warsztat otwierający o kryteriach sukcesu; miary klienta na początku każdego raportu.
gap-contact_cadence = Zbyt rzadki kontakt
    .description = Kontakt z klientem był zbyt rzadki lub nieregularny, żeby wcześnie zauważyć problem.
    .prevention = Utrzymuj regularny rytm rozmów, nie tylko raportów, i traktuj spóźnione płatności czy lakoniczne odpowiedzi jako wczesne sygnały. Przykładowe działania: comiesięczna rozmowa z każdym aktywnym klientem; przegląd relacji, gdy zmienia się ton lub terminowość płatności.
gap-conduct_boundaries = Brak zasad współpracy
    .description = Na początku nie ustalono zasad zachowania ani sposobu współpracy, a pierwsze naruszenie uszło płazem.
    .prevention = Ustal na starcie zasady współpracy (kanały, godziny, kulturę rozmowy) i reaguj na pierwsze naruszenie, spokojnie i na piśmie. Przykładowe działania: strona „jak współpracujemy” w każdej umowie; szablon odpowiedzi na pierwsze naruszenie.
gap-escalation_path = Brak ścieżki eskalacji
    .description = Nie ma ustalonej eskalacji w razie obelg, gróźb lub długów.
    .prevention = Ustal, kto, co i kiedy eskaluje: pomoc prawna powyżej progu długu (np. 500 EUR), policja przy przemocy lub groźbach, przełożony przy obelgach. Przykładowe działania: spisana drabina eskalacji; wcześniej wybrany prawnik lub firma windykacyjna.
gap-payment_followup = Brak pilnowania płatności
    .description = Warunki płatności nie są egzekwowane: brak przypomnień, brak odsetek, nikt nie pilnuje wpłat.
    .prevention = Wpisz do umowy termin płatności i odsetki za zwłokę oraz wyznacz osobę odpowiedzialną za przypomnienia w stałych dniach po terminie. Przykładowe działania: automatyczne przypomnienia po 3, 10 i 30 dniach; klauzula o odsetkach w każdej nowej umowie.
gap-intake_checklist = Brak listy materiałów
    .description = Klient nigdy nie dostał na piśmie konkretnych kroków: co ma dostarczyć i do kiedy.
    .prevention = Wyślij każdemu klientowi pisemną listę tego, czego od niego potrzebujesz, w jakiej formie i do kiedy, i pilnuj jej. Przykładowe działania: lista startowa dla każdej usługi; lista materiałów z terminami w każdym planie projektu.
gap-complaint_timebox = Skargi bez granic
    .description = Skargi dostają nieograniczony czas i dowolne kanały; spotkania kończą się bez rezultatu.
    .prevention = Daj skargom jeden kanał i limit czasu, a każdą rozmowę kończ konkretną prośbą lub decyzją. Przykładowe działania: limit 30 minut na rozmowy ze skargami; pisemne podsumowanie z kolejnym krokiem po każdej z nich.
gap-response_commitment = Brak terminu odpowiedzi
    .description = Gdy sprawa była wyjaśniana, klient nie dostał konkretnego terminu odpowiedzi.
    .prevention = Gdy pytanie wymaga sprawdzenia, podaj klientowi dokładną datę odpowiedzi i dotrzymaj jej, nawet jeśli odpowiedzią będzie tylko stan prac. Przykładowe działania: zasada potwierdzania daty odpowiedzi w ciągu jednego dnia roboczego; rejestr otwartych pytań z terminami.
gap-evidence_trail = Brak śladu na piśmie
    .description = Zmian, decyzji i korespondencji nie zapisywano; nie da się pokazać, co ustalono.
    .prevention = Zapisuj decyzje i ustalenia na piśmie, a korespondencję i historię zmian trzymaj tam, gdzie zespół je znajdzie. Przykładowe działania: potwierdzanie mailem każdego ustalenia telefonicznego; rejestr decyzji dla każdego klienta.
gap-service_catalog = Brak odpowiedzi na usługi spoza oferty
    .description = Klient poprosił o usługę spoza oferty, a firma nie ma sposobu, by odmówić, polecić kogoś innego albo ją zbudować.
    .prevention = Miej jasny katalog usług i gotową odpowiedź na prośby spoza niego: uprzejma odmowa, polecenie partnera albo decyzja o stworzeniu usługi. Przykładowe działania: lista partnerów do polecenia; kwartalny przegląd próśb, których nie mogliśmy obsłużyć.
gap-advice_protocol = Brak zasady przy odrzuconej radzie
    .description = Spór o rekomendację ekspertów nie miał żadnej zasady rozstrzygania.
    .prevention = Doradzaj najwyżej trzy razy, z uzasadnieniem, zapisz decyzję klienta na piśmie, a potem wdróż to, co wybrał: to jego pieniądze. Przykładowe działania: szablon zapisu decyzji; zasada trzech rekomendacji w wytycznych zespołu.
gap-internal_handoff = Prośby gubione po drodze
    .description = To, o co prosił klient, zgubiło się lub zniekształciło między opiekunem klienta a zespołem realizacji.
    .prevention = Przekazuj prośby klienta zespołowi realizacji na piśmie, kompletne i sprawdzone przez opiekuna, i potwierdzaj klientowi, jak je zrozumiano. Przykładowe działania: szablon zlecenia z kryteriami odbioru; powtórzenie prośby klientowi przed rozpoczęciem prac.

# Dlaczego wyszukiwarka proponuje lukę.
reason-category = Kategoria „{ $category }” zwykle wynika z tej luki.
reason-phrase = W tekście jest: „{ $phrase }”.
reason-word = W incydentach, na których uczyła się wyszukiwarka luk, słowo „{ $word }” często towarzyszyło tej luce.
reason-similar = Podobny w { $percent }% incydent z Waszej historii został w retrospektywie potwierdzony z tą luką.
reason-amount = Zaległa kwota { $amount } (około { $eur } EUR) przekracza próg { $threshold } EUR, od którego dług wymaga ścieżki eskalacji.
reason-overdue = { $days ->
    [one] Tekst wspomina o jednym dniu opóźnienia.
    [few] Tekst wspomina o { $days } dniach opóźnienia.
    [many] Tekst wspomina o { $days } dniach opóźnienia.
   *[other] Tekst wspomina o { $days } dnia opóźnienia.
}

# Corrective actions and repeats.
action-reopened-by-repeat = Wznowione przez system: incydent { $incident } ujawnił tę samą lukę, więc działanie nie zadziałało.
earlier-action = To miało zostać naprawione działaniem „{ $title }”, wykonanym { $date }.

# Why an incident is like another.
similar-confirmed-gap = Obie retrospektywy potwierdziły lukę „{ $gap }”.
similar-likely-gap = Oba incydenty najpewniej odsłaniają lukę „{ $gap }”.
similar-concepts = { $count ->
    [one] Oba teksty mówią o jednej wspólnej rzeczy.
    [few] Oba teksty mówią o { $count } wspólnych rzeczach.
   *[other] Oba teksty mówią o { $count } wspólnych rzeczach.
}
similar-category = Oba mają kategorię „{ $category }”.
similar-client = Oba dotyczą tego samego klienta.
