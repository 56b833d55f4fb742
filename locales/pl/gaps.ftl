# Katalog luk: nazwa, na czym polega luka i co firma wprowadza, żeby ją zamknąć.

gap-scope_undefined = Nieokreślony zakres usługi
    .description = Klientowi nigdy nie przekazano, co obejmuje usługa i kto za co odpowiada.
    .prevention = Na początku współpracy należy spisać, co usługa obejmuje, a czego nie, kto za co odpowiada po każdej ze stron, i uzyskać potwierdzenie klienta. Przykładowe działania: sekcja „Co obejmuje usługa, a czego nie” w każdej ofercie; jednostronicowe podsumowanie podziału obowiązków na starcie projektu.
gap-expectations_misaligned = Nieuzgodnione oczekiwania
    .description = Nie uzgodniono kryteriów sukcesu ani priorytetów; każda ze stron mierzyła co innego.
    .prevention = Należy uzgodnić z klientem na piśmie, co oznacza sukces i które priorytety są najważniejsze, a potem raportować właśnie to. Przykładowe działania: warsztat o kryteriach sukcesu na starcie projektu; miary ważne dla klienta na początku każdego raportu.
gap-contact_cadence = Zbyt rzadki kontakt
    .description = Kontakt z klientem był zbyt rzadki lub nieregularny, by w porę zauważyć problem.
    .prevention = Należy utrzymywać regularny rytm rozmów, nie tylko raportów, a spóźnione płatności czy lakoniczne odpowiedzi traktować jako wczesne sygnały ostrzegawcze. Przykładowe działania: comiesięczna rozmowa z każdym aktywnym klientem; przegląd relacji, gdy zmienia się ton klienta lub terminowość jego płatności.
gap-conduct_boundaries = Brak zasad współpracy
    .description = Na początku nie ustalono zasad zachowania ani sposobu współpracy, a na pierwsze naruszenie nie zareagowano.
    .prevention = Na starcie należy ustalić zasady współpracy (kanały kontaktu, godziny, kulturę rozmowy) i reagować na pierwsze naruszenie: spokojnie i na piśmie. Przykładowe działania: strona „Jak współpracujemy” w każdej umowie; szablon odpowiedzi na pierwsze naruszenie.
gap-escalation_path = Brak ścieżki eskalacji
    .description = Nie ma ustalonej ścieżki eskalacji w przypadku obraźliwego zachowania, gróźb lub długów.
    .prevention = Należy ustalić, kto, co i kiedy eskaluje: pomoc prawna powyżej progu zadłużenia (np. 500 EUR), policja w razie przemocy lub gróźb, przełożony w razie obraźliwego zachowania. Przykładowe działania: spisane poziomy eskalacji; wcześniej wybrany prawnik lub firma windykacyjna.
gap-payment_followup = Brak egzekwowania płatności
    .description = Warunki płatności nie są egzekwowane: brak przypomnień, brak odsetek za opóźnienie, nikt nie upomina się o zaległości.
    .prevention = Należy wpisać do umowy termin płatności i odsetki za opóźnienie oraz wyznaczyć osobę odpowiedzialną za przypomnienia wysyłane w ustalonych dniach po terminie. Przykładowe działania: automatyczne przypomnienia 3, 10 i 30 dni po terminie; klauzula o odsetkach w każdej nowej umowie.
gap-intake_checklist = Brak listy materiałów od klienta
    .description = Klient nigdy nie otrzymał na piśmie konkretnych kroków: co ma dostarczyć i do kiedy.
    .prevention = Każdemu klientowi należy wysłać pisemną listę tego, czego od niego potrzeba, w jakiej formie i do kiedy, a potem pilnować jej realizacji. Przykładowe działania: lista startowa (onboarding) dla każdej usługi; lista materiałów z terminami w każdym planie projektu.
gap-complaint_timebox = Skargi bez ograniczeń
    .description = Na skargi poświęca się dowolnie dużo czasu i przyjmuje się je każdym kanałem; spotkania kończą się bez ustaleń.
    .prevention = Skargom należy wyznaczyć jeden kanał i limit czasu, a każdą rozmowę kończyć konkretną prośbą lub decyzją. Przykładowe działania: limit 30 minut na rozmowę o skargach; pisemne podsumowanie z kolejnym krokiem po każdej takiej rozmowie.
gap-response_commitment = Brak terminu odpowiedzi
    .description = Gdy sprawa była wyjaśniana, klient nie otrzymał wiążącego terminu odpowiedzi.
    .prevention = Gdy pytanie wymaga sprawdzenia, należy podać klientowi dokładną datę odpowiedzi i jej dotrzymać, nawet jeśli będzie to tylko informacja o postępie prac. Przykładowe działania: zasada potwierdzania daty odpowiedzi w ciągu jednego dnia roboczego; rejestr otwartych pytań z terminami.
gap-evidence_trail = Brak śladu na piśmie
    .description = Zmian, decyzji i korespondencji nie dokumentowano; nie da się wykazać, co ustalono.
    .prevention = Decyzje i ustalenia należy zapisywać, a korespondencję i historię zmian przechowywać tam, gdzie zespół może je znaleźć. Przykładowe działania: potwierdzanie e-mailem każdego ustalenia telefonicznego; rejestr decyzji dla każdego klienta.
gap-service_catalog = Brak odpowiedzi na prośby o usługi spoza oferty
    .description = Klient poprosił o usługę spoza oferty, a firma nie ma sposobu, by odmówić, skierować klienta do partnera albo stworzyć taką usługę.
    .prevention = Należy prowadzić jasny katalog usług i mieć przygotowaną odpowiedź na prośby wykraczające poza niego: uprzejmą odmowę, skierowanie klienta do partnera albo decyzję o stworzeniu usługi. Przykładowe działania: lista partnerów, do których można kierować klientów; kwartalny przegląd próśb, których nie udało się obsłużyć.
gap-advice_protocol = Brak zasady na wypadek odrzuconej rekomendacji
    .description = Spór o rekomendację ekspercką nie miał ustalonej zasady rozstrzygnięcia.
    .prevention = Rekomendację należy przedstawić najwyżej trzy razy, z uzasadnieniem, zapisać decyzję klienta na piśmie, a potem wdrożyć to, co klient wybrał: to jego pieniądze. Przykładowe działania: szablon zapisu decyzji; zasada trzech rekomendacji w wytycznych zespołu.
gap-internal_handoff = Prośby gubione przy przekazywaniu
    .description = To, o co prosił klient, zgubiło się lub zostało zniekształcone między opiekunem klienta a zespołem realizacyjnym.
    .prevention = Prośby klienta należy przekazywać zespołowi realizacyjnemu na piśmie, kompletne i sprawdzone przez opiekuna klienta, a następnie potwierdzać z klientem, jak zostały zrozumiane. Przykładowe działania: szablon zlecenia z kryteriami odbioru; streszczenie prośby wysyłane klientowi do akceptacji przed rozpoczęciem prac.

# Dlaczego moduł wykrywania luk proponuje lukę.
reason-category = Incydenty z kategorii „{ $category }” zwykle wynikają z tej luki.
reason-phrase = Tekst zawiera sformułowanie „{ $phrase }”.
reason-word = W incydentach, na których uczył się moduł wykrywania luk, słowo „{ $word }” często występowało razem z tą luką.
reason-similar = Inny zarejestrowany incydent, w { $percent }% podobny do tego, ma tę lukę potwierdzoną w swojej retrospektywie.
reason-amount = Zaległa kwota { $amount } (około { $eur } EUR) przekracza próg { $threshold } EUR, od którego dług wymaga uruchomienia ścieżki eskalacji.
reason-overdue = { $days ->
    [one] Tekst wspomina o jednym dniu opóźnienia.
    [few] Tekst wspomina o { $days } dniach opóźnienia.
    [many] Tekst wspomina o { $days } dniach opóźnienia.
   *[other] Tekst wspomina o { $days } dnia opóźnienia.
}

# Działania naprawcze i powtórzenia.
action-reopened-by-repeat = Automatycznie otwarte ponownie: incydent { $incident } znów ujawnił tę samą lukę, więc działanie okazało się nieskuteczne.
action-judged-effective = Ocenione przez system jako skuteczne: między { $from } a { $until } żaden incydent nie ujawnił ponownie tej luki.
action-judged-ineffective = Ocenione przez system jako nieskuteczne i otwarte ponownie: incydent { $incident } znów ujawnił tę lukę między { $from } a { $until }.
earlier-action = Tę lukę miało zamknąć działanie naprawcze „{ $title }”, wykonane { $date }.

# Dlaczego jeden incydent jest podobny do drugiego.
similar-confirmed-gap = Obie retrospektywy potwierdziły lukę „{ $gap }”.
similar-likely-gap = Oba incydenty najprawdopodobniej ujawniają lukę „{ $gap }”.
similar-concepts = { $count ->
    [one] W obu tekstach pojawia się jeden wspólny wątek.
    [few] W obu tekstach pojawiają się { $count } wspólne wątki.
    [many] W obu tekstach pojawia się { $count } wspólnych wątków.
   *[other] Liczba wspólnych wątków w obu tekstach: { $count }.
}
similar-category = Oba incydenty należą do kategorii „{ $category }”.
similar-client = Oba incydenty dotyczą tego samego klienta.
