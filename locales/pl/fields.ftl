# Dlaczego pole żądania jest nieprawidłowe.

field-required = To pole jest wymagane.
field-not_nullable = To pole nie może mieć wartości null; aby zachować obecną wartość, należy je pominąć.
field-blank = To pole nie może być puste.
field-too_long = { $max ->
    [one] Pole może mieć najwyżej { $max } znak.
    [few] Pole może mieć najwyżej { $max } znaki.
    [many] Pole może mieć najwyżej { $max } znaków.
   *[other] Pole może mieć najwyżej { $max } znaku.
}
field-too_many = { $max ->
    [one] Lista może zawierać najwyżej { $max } element.
    [few] Lista może zawierać najwyżej { $max } elementy.
    [many] Lista może zawierać najwyżej { $max } elementów.
   *[other] Lista może zawierać najwyżej { $max } elementu.
}
field-control_characters = Znaki sterujące (np. NUL) są tu niedozwolone.
field-unknown_code = „{ $value }” nie jest dozwoloną wartością. Dozwolone wartości: { $allowed }.
field-invalid_datetime = Oczekiwano daty i godziny w formacie RFC 3339 z przesunięciem względem UTC, np. 2026-11-20T10:30:00+02:00.
field-invalid_email = To nie jest poprawny adres e-mail.
field-invalid_id = To nie jest poprawny identyfikator (oczekiwano UUID).
field-unknown_id = Nie istnieje żaden obiekt o tym identyfikatorze.
field-wrong_type = Ta wartość ma niewłaściwy typ; szczegóły w dokumentacji API.
field-out_of_range = Oczekiwano liczby całkowitej od { $min } do { $max }.
field-duplicate = Ta wartość występuje więcej niż raz.
field-one_primary = Dokładnie jedna z potwierdzonych luk musi być oznaczona jako główna.
field-required_to_publish = Opublikowana retrospektywa musi mieć co najmniej jedną potwierdzoną lukę.
field-needed_to_publish = Opublikowana retrospektywa musi mieć wypełnione to pole.
field-no_action_for_gap = Działanie oznaczono jako potrzebne, ale dla żadnej z potwierdzonych luk tego incydentu nie ma działania. Należy najpierw utworzyć działanie albo ustawić „action_needed” na false i uzasadnić to w „action_needed_rationale”.
field-window_needs_criterion = Okres weryfikacji ma tylko działanie oceniane automatycznie (skuteczność „no_repeat_for_client” lub „no_repeat_any_client”); przy „manual” należy pominąć to pole.
field-different_clients = Wszystkie incydenty muszą dotyczyć tego samego klienta.
field-invalid_date = Oczekiwano daty, np. 2026-12-31.
field-unknown_reference = Żaden klient nie ma tego identyfikatora z CRM. Najpierw należy utworzyć klienta metodą PUT /v1/clients/by-ref/<source>/<external_id>.
field-exclusive = Należy podać to pole albo „{ $other }”, nie oba jednocześnie.
field-invalid_url = Oczekiwano bezwzględnego adresu URL http lub https.
field-private_address = Ten adres URL wskazuje na adres pętli zwrotnej (loopback) lub adres prywatny, a ten serwer na to nie zezwala.
field-link_local_address = Ten adres URL wskazuje na adres lokalny łącza (link-local, np. 169.254.169.254), a takie adresy nigdy nie są dozwolone.
field-client_cannot_change = Incydent pozostaje przy kliencie, dla którego został zgłoszony. Dla innego klienta należy zgłosić nowy incydent.
field-not_the_path_reference = Należy pominąć to pole albo podać ten sam identyfikator z CRM co w ścieżce.
field-in_future = Ten moment jest w przyszłości; kontakt należy zgłosić dopiero wtedy, gdy się odbędzie.
field-only_for_payment = To pole dotyczy tylko płatności.
