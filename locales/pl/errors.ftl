# Odpowiedzi z błędem: wiadomość to tytuł, atrybuty to szczegóły.

problem-malformed_body = Nieprawidłowa treść żądania
    .detail = Treść żądania nie jest poprawnym JSON-em (wiersz { $line }, kolumna { $column }).
    .utf8 = Treść żądania nie jest poprawnym tekstem UTF-8.
problem-unknown_field = Nieznane pole
    .detail = Pole „{ $field }” nie należy do tego żądania. Sprawdź jego nazwę w dokumentacji API.
problem-validation_failed = Nieprawidłowe dane
    .detail = { $count ->
        [one] Jedno pole jest nieprawidłowe; zobacz „errors”.
        [few] { $count } pola są nieprawidłowe; zobacz „errors”.
        [many] { $count } pól jest nieprawidłowych; zobacz „errors”.
       *[other] { $count } pola jest nieprawidłowych; zobacz „errors”.
    }
    .truncated = { $count ->
        [one] Jedno pole jest nieprawidłowe; zobacz „errors”.
        [few] { $count } pola są nieprawidłowe; w „errors” wymieniono tylko pierwsze { $max }.
        [many] { $count } pól jest nieprawidłowych; w „errors” wymieniono tylko pierwsze { $max }.
       *[other] { $count } pola jest nieprawidłowych; w „errors” wymieniono tylko pierwsze { $max }.
    }
problem-not_found = Nie znaleziono
    .client = Nie ma klienta o identyfikatorze „{ $id }”.
    .incident = Nie ma incydentu o identyfikatorze „{ $id }”.
    .timeline_entry = Ten incydent nie ma wpisu na osi czasu o identyfikatorze „{ $id }”.
    .route = Pod tym adresem nic nie ma. Dokumentacja API pod /docs wymienia wszystkie ścieżki.
    .action = Nie ma działania naprawczego o identyfikatorze „{ $id }”.
    .retrospective = Incydent „{ $id }” nie ma jeszcze retrospektywy; utwórz ją metodą PUT.
    .gap = Nie ma luki o kodzie „{ $id }”; listę zwraca GET /v1/gaps.
    .api_key = Nie ma klucza API o identyfikatorze „{ $id }”.
    .webhook = Nie ma webhooka o identyfikatorze „{ $id }”.
    .delivery = Ten webhook nie ma doręczenia o identyfikatorze „{ $id }”.
problem-method_not_allowed = Niedozwolona metoda
    .detail = Ten adres nie przyjmuje tej metody. Dozwolone: { $allowed }.
problem-payload_too_large = Zbyt duża treść żądania
    .detail = Treść żądania może mieć najwyżej { $limit_kib } KiB.
problem-unsupported_media_type = Nieobsługiwany typ treści
    .detail = Wyślij treść jako JSON z nagłówkiem „Content-Type: application/json”.
problem-client_has_incidents = Klient ma incydenty
    .detail = { $count ->
        [one] Nie można usunąć klienta: ma zarejestrowany jeden incydent.
        [few] Nie można usunąć klienta: ma zarejestrowane { $count } incydenty.
        [many] Nie można usunąć klienta: ma zarejestrowanych { $count } incydentów.
       *[other] Nie można usunąć klienta: ma zarejestrowane { $count } incydentu.
    }
problem-timeline_full = Oś czasu jest pełna
    .detail = { $max ->
        [one] Oś czasu incydentu może mieć najwyżej jeden wpis; usuń go, zanim dodasz kolejny.
        [few] Oś czasu incydentu może mieć najwyżej { $max } wpisy; usuń któryś, zanim dodasz kolejny.
        [many] Oś czasu incydentu może mieć najwyżej { $max } wpisów; usuń któryś, zanim dodasz kolejny.
       *[other] Oś czasu incydentu może mieć najwyżej { $max } wpisu; usuń któryś, zanim dodasz kolejny.
    }
problem-external_ref_taken = Odwołanie do CRM jest już używane
    .client = Odwołanie { $source }/{ $external_id } należy już do innego klienta.
    .incident = Odwołanie { $source }/{ $external_id } należy już do innego incydentu.
problem-invalid_cursor = Nieprawidłowy kursor
    .detail = Ten kursor nie pochodzi z tej usługi. Użyj „next_cursor” z poprzedniej strony albo pomiń go, aby zacząć od początku.
problem-invalid_query = Nieprawidłowe parametry zapytania
    .detail = Nie można odczytać parametrów zapytania. Sprawdź ich kodowanie.
problem-service_unavailable = Usługa niedostępna
    .detail = Baza danych jest w tej chwili nieosiągalna. Spróbuj ponownie za chwilę.
problem-worker_stopped = Proces wysyłający webhooki nie działa
    .detail = Serwer ponownie uruchamia proces wysyłający webhooki; dostarczanie wkrótce zostanie wznowione. Spróbuj ponownie za chwilę.
problem-internal_error = Błąd wewnętrzny
    .detail = Coś poszło nie tak po naszej stronie. Błąd został zapisany w dzienniku; spróbuj ponownie, a jeśli problem się powtarza, skontaktuj się z administratorem.
problem-invalid_transition = Niedozwolona zmiana stanu
    .detail = Działanie w stanie „{ $from }” nie może przejść w stan „{ $to }”. Może przejść w: { $allowed }.
    .none = żaden inny, to stan końcowy
problem-verification_too_early = Za wcześnie na weryfikację
    .detail = Działanie weryfikuje się dopiero po okresie weryfikacji bez powtórki: to można zweryfikować od { $date }.
problem-unauthenticated = Wymagane uwierzytelnienie
    .missing = Wyślij klucz API w nagłówku „Authorization: Bearer <klucz>”.
    .invalid = Ten klucz API jest nieznany albo został unieważniony.
problem-forbidden = Brak uprawnień
    .detail = Ten klucz API ma rolę „{ $role }”; ta operacja wymaga roli „{ $required }”.
problem-rate_limited = Zbyt wiele żądań
    .detail = { $seconds ->
        [one] Ten klucz API wysłał zbyt wiele żądań. Spróbuj ponownie za sekundę.
        [few] Ten klucz API wysłał zbyt wiele żądań. Spróbuj ponownie za { $seconds } sekundy.
       *[many] Ten klucz API wysłał zbyt wiele żądań. Spróbuj ponownie za { $seconds } sekund.
    }
problem-too_many_failed_authentications = Zbyt wiele nieudanych uwierzytelnień
    .detail = { $seconds ->
        [one] Z tego adresu przyszło zbyt wiele żądań z nieznanym lub unieważnionym kluczem API. Spróbuj ponownie za sekundę.
        [few] Z tego adresu przyszło zbyt wiele żądań z nieznanym lub unieważnionym kluczem API. Spróbuj ponownie za { $seconds } sekundy.
       *[many] Z tego adresu przyszło zbyt wiele żądań z nieznanym lub unieważnionym kluczem API. Spróbuj ponownie za { $seconds } sekund.
    }
problem-precondition_failed = Zasób się zmienił
    .detail = ETag z nagłówka „If-Match” nie jest już aktualny: ktoś zmienił zasób, odkąd go odczytałeś. Odczytaj go ponownie i powtórz zmianę.
problem-invalid_header = Nieprawidłowy nagłówek
    .detail = Nagłówek „{ $name }” musi mieć od 1 do { $max } widocznych znaków ASCII.
    .if_match = Nagłówek „If-Match” nie może być pusty: wyślij * albo ETag dokładnie w postaci wysłanej przez serwer, razem z cudzysłowami.
problem-idempotency_key_in_use = Żądanie jest jeszcze przetwarzane
    .detail = Pierwsze żądanie z tym Idempotency-Key jest jeszcze przetwarzane. Spróbuj ponownie za chwilę, aby otrzymać jego odpowiedź.
problem-idempotency_key_reused = Idempotency-Key został już użyty
    .detail = Ten Idempotency-Key został w ciągu ostatnich 24 godzin użyty dla innego żądania. Do nowego żądania użyj nowego klucza.
problem-idempotency_secret_not_replayed = Odpowiedź nie zostanie powtórzona: zawierała sekret
    .detail = Żądanie z tym Idempotency-Key zakończyło się powodzeniem, a jego odpowiedź zawierała sekret, który jest pokazywany tylko raz i nigdzie nie jest zapisywany. Jeśli go nie otrzymałeś, utwórz nowy (i unieważnij pierwszy) albo wygeneruj nowy sekret.
problem-cannot_revoke_own_key = Klucz nie może unieważnić sam siebie
    .detail = To żądanie jest wysłane tym samym kluczem, który miałoby unieważnić, co odcięłoby ci dostęp. Unieważnij go innym kluczem administratora.
