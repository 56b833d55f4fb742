# Dlaczego pole żądania jest nieprawidłowe.

field-required = To pole jest wymagane.
field-not_nullable = To pole nie może mieć wartości null; pomiń je, aby zachować obecną wartość.
field-blank = To pole nie może być puste.
field-too_long = { $max ->
    [one] Pole może mieć najwyżej { $max } znak.
    [few] Pole może mieć najwyżej { $max } znaki.
    [many] Pole może mieć najwyżej { $max } znaków.
   *[other] Pole może mieć najwyżej { $max } znaku.
}
field-too_many = { $max ->
    [one] Lista może mieć najwyżej { $max } element.
    [few] Lista może mieć najwyżej { $max } elementy.
    [many] Lista może mieć najwyżej { $max } elementów.
   *[other] Lista może mieć najwyżej { $max } elementu.
}
field-control_characters = Znaki sterujące (np. NUL) są tu niedozwolone.
field-unknown_code = „{ $value }” nie jest dozwoloną wartością. Dozwolone: { $allowed }.
field-invalid_datetime = Oczekiwano daty i godziny w formacie RFC 3339 ze strefą czasową, np. 2026-11-20T10:30:00+02:00.
field-invalid_email = To nie jest poprawny adres e-mail.
field-invalid_id = To nie jest poprawny identyfikator (oczekiwano UUID).
field-unknown_id = Nie istnieje nic o tym identyfikatorze.
field-wrong_type = Ta wartość ma niewłaściwy typ; zobacz dokumentację API.
field-out_of_range = Oczekiwano liczby całkowitej od { $min } do { $max }.
field-duplicate = Ta wartość występuje więcej niż raz.
field-one_primary = Dokładnie jedna z potwierdzonych luk musi być oznaczona jako główna.
field-required_to_publish = Opublikowana retrospektywa musi mieć co najmniej jedną potwierdzoną lukę.
field-different_clients = Wszystkie incydenty muszą dotyczyć tego samego klienta.
field-invalid_date = Oczekiwano daty, np. 2026-12-31.
field-unknown_reference = Żaden klient nie ma tego odwołania do CRM. Najpierw utwórz go przez PUT /v1/clients/by-ref/<source>/<external_id>.
field-exclusive = Podaj to pole albo „{ $other }”, nie oba naraz.
field-invalid_url = Oczekiwano bezwzględnego adresu URL http lub https.
field-private_address = Ten adres URL wskazuje na adres pętli zwrotnej lub prywatny, na który ten serwer nie zezwala.
field-link_local_address = Ten adres URL wskazuje na adres link-local (np. 169.254.169.254), który nigdy nie jest dozwolony.
