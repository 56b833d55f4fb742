# Odpowiedzi z błędem: wiadomość to tytuł, atrybuty to szczegóły.

problem-malformed_body = Nieprawidłowa treść żądania
    .detail = Treść żądania nie jest poprawnym dokumentem JSON (wiersz { $line }, kolumna { $column }).
    .utf8 = Treść żądania nie jest poprawnym tekstem UTF-8.
problem-unknown_field = Nieznane pole
    .detail = Pole „{ $field }” nie należy do tego żądania. Pisownię nazwy można sprawdzić w dokumentacji API.
problem-validation_failed = Nieprawidłowe dane
    .detail = { $count ->
        [one] Jedno pole jest nieprawidłowe; szczegóły w polu „errors”.
        [few] { $count } pola są nieprawidłowe; szczegóły w polu „errors”.
        [many] { $count } pól jest nieprawidłowych; szczegóły w polu „errors”.
       *[other] Liczba nieprawidłowych pól: { $count }; szczegóły w polu „errors”.
    }
    .truncated = { $count ->
        [one] Jedno pole jest nieprawidłowe; szczegóły w polu „errors”.
        [few] { $count } pola są nieprawidłowe; pole „errors” wymienia tylko pierwsze { $max }.
        [many] { $count } pól jest nieprawidłowych; pole „errors” wymienia tylko pierwsze { $max }.
       *[other] Liczba nieprawidłowych pól: { $count }; pole „errors” wymienia tylko pierwsze { $max }.
    }
problem-not_found = Nie znaleziono
    .client = Nie ma klienta o identyfikatorze „{ $id }”.
    .incident = Nie ma incydentu o identyfikatorze „{ $id }”.
    .timeline_entry = Na osi czasu tego incydentu nie ma wpisu o identyfikatorze „{ $id }”.
    .route = Pod tym adresem nic nie ma. Wszystkie ścieżki wymienia dokumentacja API pod adresem /docs.
    .action = Nie ma działania naprawczego o identyfikatorze „{ $id }”.
    .retrospective = Incydent „{ $id }” nie ma jeszcze retrospektywy; można ją utworzyć metodą PUT.
    .gap = Nie ma luki o kodzie „{ $id }”; listę luk zwraca GET /v1/gaps.
    .api_key = Nie ma klucza API o identyfikatorze „{ $id }”.
    .webhook = Nie ma webhooka o identyfikatorze „{ $id }”.
    .delivery = Ten webhook nie ma dostarczenia o identyfikatorze „{ $id }”.
    .share = Ten incydent nie ma linku do udostępniania o identyfikatorze „{ $id }”.
problem-method_not_allowed = Niedozwolona metoda
    .detail = Ten adres nie przyjmuje tej metody. Dozwolone metody: { $allowed }.
problem-payload_too_large = Zbyt duża treść żądania
    .detail = Treść żądania może mieć najwyżej { $limit_kib } KiB.
problem-unsupported_media_type = Nieobsługiwany typ treści
    .detail = Treść należy wysłać jako JSON z nagłówkiem „Content-Type: application/json”.
problem-client_has_incidents = Klient ma zarejestrowane incydenty
    .detail = { $count ->
        [one] Nie można usunąć klienta: ma zarejestrowany jeden incydent.
        [few] Nie można usunąć klienta: ma zarejestrowane { $count } incydenty.
        [many] Nie można usunąć klienta: ma zarejestrowanych { $count } incydentów.
       *[other] Nie można usunąć klienta: ma zarejestrowane incydenty (liczba: { $count }).
    }
problem-client_has_actions = Klient ma działania korygujące
    .detail = { $count ->
        [one] Nie można usunąć klienta: ma zarejestrowane jedno działanie korygujące.
        [few] Nie można usunąć klienta: ma zarejestrowane { $count } działania korygujące.
        [many] Nie można usunąć klienta: ma zarejestrowanych { $count } działań korygujących.
       *[other] Nie można usunąć klienta: ma zarejestrowane działania korygujące (liczba: { $count }).
    }
problem-timeline_full = Oś czasu jest pełna
    .detail = { $max ->
        [one] Oś czasu incydentu może zawierać najwyżej jeden wpis; aby dodać kolejny, należy najpierw usunąć istniejący.
        [few] Oś czasu incydentu może zawierać najwyżej { $max } wpisy; aby dodać kolejny, należy najpierw usunąć jeden z nich.
        [many] Oś czasu incydentu może zawierać najwyżej { $max } wpisów; aby dodać kolejny, należy najpierw usunąć jeden z nich.
       *[other] Oś czasu incydentu osiągnęła limit wpisów ({ $max }); aby dodać kolejny, należy najpierw usunąć jeden z istniejących.
    }
problem-external_ref_taken = Identyfikator z CRM jest już używany
    .client = Identyfikator z CRM { $source }/{ $external_id } jest już przypisany do innego klienta.
    .incident = Identyfikator z CRM { $source }/{ $external_id } jest już przypisany do innego incydentu.
problem-invalid_cursor = Nieprawidłowy kursor
    .detail = Ten kursor nie został wydany przez tę usługę. Należy użyć wartości „next_cursor” z poprzedniej strony albo pominąć kursor, aby zacząć od początku.
problem-cursor_expired = Kursor jest zbyt stary
    .detail = { $days ->
        [one] Zdarzenia są przechowywane przez jeden dzień, a część z tych po tym kursorze została już usunięta. Należy ponownie skopiować listy (z updated_since), a potem śledzić strumień od after=latest.
        [few] Zdarzenia są przechowywane przez { $days } dni, a część z tych po tym kursorze została już usunięta. Należy ponownie skopiować listy (z updated_since), a potem śledzić strumień od after=latest.
        [many] Zdarzenia są przechowywane przez { $days } dni, a część z tych po tym kursorze została już usunięta. Należy ponownie skopiować listy (z updated_since), a potem śledzić strumień od after=latest.
       *[other] Zdarzenia są przechowywane przez { $days } dnia, a część z tych po tym kursorze została już usunięta. Należy ponownie skopiować listy (z updated_since), a potem śledzić strumień od after=latest.
    }
problem-invalid_query = Nieprawidłowe parametry zapytania
    .detail = Nie można odczytać parametrów zapytania. Należy sprawdzić ich kodowanie.
problem-service_unavailable = Usługa niedostępna
    .detail = W tej chwili nie ma połączenia z bazą danych. Ponowna próba będzie możliwa za chwilę.
problem-worker_stopped = Proces wysyłający webhooki nie działa
    .detail = Serwer ponownie uruchamia proces wysyłający webhooki; dostarczanie zostanie wkrótce wznowione. Ponowna próba będzie możliwa za chwilę.
problem-internal_error = Błąd wewnętrzny
    .detail = Po naszej stronie coś poszło nie tak. Błąd został zapisany w dzienniku; należy spróbować ponownie, a jeśli problem się powtórzy, skontaktować się z administratorem.
problem-invalid_transition = Niedozwolona zmiana statusu
    .detail = Działaniu o statusie „{ $from }” nie można nadać statusu „{ $to }”. Dozwolone statusy: { $allowed }.
    .none = brak (to status końcowy)
problem-verification_too_early = Za wcześnie na weryfikację
    .detail = Działanie można zweryfikować dopiero po upływie okresu weryfikacji, w którym nie wystąpiło powtórzenie: to działanie będzie można zweryfikować od { $date }.
problem-unauthenticated = Wymagane uwierzytelnienie
    .missing = Należy wysłać klucz API w nagłówku „Authorization: Bearer <klucz>”.
    .invalid = Ten klucz API jest nieznany albo został unieważniony.
problem-forbidden = Brak uprawnień
    .detail = Ten klucz API ma rolę „{ $role }”; ta operacja wymaga roli „{ $required }”.
problem-rate_limited = Zbyt wiele żądań
    .detail = { $seconds ->
        [one] Z tym kluczem API wysłano zbyt wiele żądań. Ponowna próba będzie możliwa za sekundę.
        [few] Z tym kluczem API wysłano zbyt wiele żądań. Ponowna próba będzie możliwa za { $seconds } sekundy.
        [many] Z tym kluczem API wysłano zbyt wiele żądań. Ponowna próba będzie możliwa za { $seconds } sekund.
       *[other] Z tym kluczem API wysłano zbyt wiele żądań. Ponowna próba będzie możliwa za { $seconds } sekundy.
    }
problem-too_many_failed_authentications = Zbyt wiele nieudanych prób uwierzytelnienia
    .detail = { $seconds ->
        [one] Z tego adresu wysłano zbyt wiele żądań z nieznanym lub unieważnionym kluczem API. Ponowna próba będzie możliwa za sekundę.
        [few] Z tego adresu wysłano zbyt wiele żądań z nieznanym lub unieważnionym kluczem API. Ponowna próba będzie możliwa za { $seconds } sekundy.
        [many] Z tego adresu wysłano zbyt wiele żądań z nieznanym lub unieważnionym kluczem API. Ponowna próba będzie możliwa za { $seconds } sekund.
       *[other] Z tego adresu wysłano zbyt wiele żądań z nieznanym lub unieważnionym kluczem API. Ponowna próba będzie możliwa za { $seconds } sekundy.
    }
problem-precondition_failed = Zasób został zmieniony
    .detail = ETag z nagłówka „If-Match” nie jest już aktualny: od ostatniego odczytu zasób został zmieniony. Należy odczytać go ponownie i powtórzyć zmianę.
problem-invalid_header = Nieprawidłowy nagłówek
    .detail = Nagłówek „{ $name }” musi mieć od 1 do { $max } widocznych znaków ASCII.
    .if_match = Nagłówek „If-Match” nie może być pusty: należy wysłać * albo ETag dokładnie w takiej postaci, w jakiej wysłał go serwer, razem z cudzysłowami.
problem-idempotency_key_in_use = Żądanie jest jeszcze przetwarzane
    .detail = Pierwsze żądanie z tym kluczem Idempotency-Key jest jeszcze przetwarzane. Aby otrzymać odpowiedź, należy ponowić żądanie za chwilę.
problem-idempotency_key_reused = Klucz Idempotency-Key został już użyty
    .detail = Ten klucz Idempotency-Key został w ciągu ostatnich 24 godzin użyty w innym żądaniu. Nowe żądanie wymaga nowego klucza.
problem-idempotency_secret_not_replayed = Odpowiedź nie zostanie powtórzona: zawierała sekret
    .detail = Żądanie z tym kluczem Idempotency-Key zakończyło się powodzeniem, a odpowiedź na nie zawierała sekret, który jest pokazywany tylko raz i nigdzie nie jest zapisywany. Jeśli sekret nie dotarł, należy utworzyć nowy klucz lub webhook (a poprzedni unieważnić) albo wygenerować nowy sekret.
problem-cannot_revoke_own_key = Klucz nie może unieważnić sam siebie
    .detail = To żądanie zostało wysłane tym samym kluczem, który ma zostać unieważniony, a to odcięłoby dostęp do usługi. Należy go unieważnić innym kluczem administratora.
problem-letter_not_ready = Pismo do klienta nie jest gotowe
    .draft = Retrospektywa jest nadal wersją roboczą. Przed napisaniem do klienta należy ją opublikować.
    .summary = Retrospektywa nie ma podsumowania dla klienta. Przed napisaniem do klienta należy uzupełnić pole „client_summary”.
problem-public_url_missing = Linki do udostępniania nie są skonfigurowane
    .detail = Ten serwer uruchomiono bez --public-url, więc nie może utworzyć adresu, który klient mógłby otworzyć. Należy go uruchomić z --public-url, na przykład https://retro.example.com.
