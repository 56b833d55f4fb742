# Catalogul de lacune: denumirea, ce este lacuna și ce pune în practică o firmă ca s-o închidă.
# Pluralele se aleg după PLURAL($n), nu după $n: vezi src/i18n/romanian.rs.

gap-scope_undefined = Aria serviciilor nedefinită
    .description = Aria serviciului și cine răspunde de ce nu i-au fost comunicate niciodată clientului.
    .prevention = Scrieți de la început ce include serviciul și ce nu, cine ce face de fiecare parte, și cereți confirmarea clientului. Exemple de acțiuni: o secțiune „inclus / neinclus” în fiecare ofertă; un rezumat de o pagină al responsabilităților la lansarea proiectului.
gap-expectations_misaligned = Așteptări nealiniate
    .description = Criteriile de succes și prioritățile nu au fost stabilite împreună; fiecare parte a măsurat altceva.
    .prevention = Stabiliți în scris cu clientul ce înseamnă succes și ce priorități vin întâi, apoi raportați exact pe acestea. Exemple de acțiuni: un atelier de lansare despre criteriile de succes; indicatorii clientului pe primul loc în fiecare raport.
gap-contact_cadence = Contact prea rar
    .description = Contactul cu clientul a fost prea rar sau neregulat pentru a observa din timp problemele.
    .prevention = Păstrați un ritm regulat de discuții, nu doar de rapoarte, și tratați plățile întârziate sau răspunsurile seci ca semnale timpurii. Exemple de acțiuni: un apel lunar cu fiecare client activ; o verificare a relației când se schimbă tonul sau plățile clientului.
gap-conduct_boundaries = Fără reguli de conduită
    .description = Nu s-au stabilit de la început reguli de conduită sau un mod de lucru, iar prima abatere a fost lăsată să treacă.
    .prevention = Stabiliți de la început regulile colaborării (canale, program, ton respectuos) și răspundeți calm și în scris la prima abatere. Exemple de acțiuni: o pagină „cum lucrăm împreună” în fiecare contract; un model de răspuns la prima încălcare.
gap-escalation_path = Fără cale de escaladare
    .description = Nu există o escaladare definită pentru abuzuri, amenințări sau datorii.
    .prevention = Stabiliți cine escaladează ce și când: ajutor juridic peste un prag al datoriei (de exemplu 500 EUR), poliția pentru violență sau amenințări, un manager pentru abuzuri. Exemple de acțiuni: scrieți treptele de escaladare; alegeți din timp un avocat sau o firmă de recuperare.
gap-payment_followup = Plăți neurmărite
    .description = Termenii de plată nu sunt aplicați: niciun memento, nicio penalitate, nimeni care să urmărească plata.
    .prevention = Treceți în contract termenii de plată și penalitățile de întârziere și faceți pe cineva responsabil de mementouri la zile fixe după scadență. Exemple de acțiuni: mementouri automate la 3, 10 și 30 de zile; o clauză de penalități în fiecare contract nou.
gap-intake_checklist = Fără listă de materiale
    .description = Clientul nu a primit niciodată pași scriși și concreți despre ce trebuie să trimită și până când.
    .prevention = Trimiteți fiecărui client o listă scrisă cu ce aveți nevoie de la el, în ce formă și până la ce dată, și urmăriți-o. Exemple de acțiuni: o listă de preluare pentru fiecare serviciu; o listă de cereri cu termene în fiecare plan de proiect.
gap-complaint_timebox = Plângeri fără limite
    .description = Plângerile primesc timp și canale nelimitate; întâlnirile se încheie fără niciun rezultat.
    .prevention = Dați plângerilor un singur canal și o limită de timp și încheiați fiecare discuție cu o cerere sau o decizie concretă. Exemple de acțiuni: cel mult 30 de minute pentru apelurile cu plângeri; un rezumat scris cu pasul următor după fiecare apel.
gap-response_commitment = Fără termen de răspuns
    .description = Cât timp s-a verificat problema, clientul nu a primit un termen ferm pentru răspuns.
    .prevention = Când o întrebare cere verificări, spuneți-i clientului data exactă a răspunsului și respectați-o, chiar dacă răspunsul e doar un stadiu. Exemple de acțiuni: regula de a confirma o dată de răspuns în cel mult o zi lucrătoare; evidența întrebărilor deschise, cu termene.
gap-evidence_trail = Fără urme scrise
    .description = Modificările, deciziile și corespondența nu au fost consemnate; nu se poate arăta ce s-a agreat.
    .prevention = Consemnați în scris deciziile și înțelegerile și păstrați corespondența și istoricul modificărilor acolo unde echipa le găsește. Exemple de acțiuni: confirmați pe e-mail orice înțelegere telefonică; un registru de decizii pentru fiecare client.
gap-service_catalog = Niciun răspuns pentru servicii pe care nu le oferim
    .description = Clientul a cerut un serviciu din afara ofertei și nu există o cale de a-l refuza, de a-l recomanda altcuiva sau de a-l construi.
    .prevention = Păstrați un catalog clar al serviciilor și un răspuns pregătit pentru cererile din afara lui: refuzați politicos, recomandați un partener sau decideți să construiți serviciul. Exemple de acțiuni: o listă de parteneri de recomandat; o analiză trimestrială a cererilor pe care nu le-am putut onora.
gap-advice_protocol = Fără regulă pentru sfaturile respinse
    .description = O neînțelegere privind recomandarea experților nu avea nicio regulă de încheiere.
    .prevention = Recomandați de cel mult trei ori, cu argumente, consemnați în scris decizia clientului, apoi implementați ce a ales: sunt banii lui. Exemple de acțiuni: un model de consemnare a deciziei; regula celor trei recomandări în ghidul echipei.
gap-internal_handoff = Cereri pierdute la predare
    .description = Ce a cerut clientul s-a pierdut sau s-a deformat între account management și echipa de execuție.
    .prevention = Transmiteți cererile clientului către echipa de execuție în scris, complete și verificate de account, și confirmați înțelegerea înapoi clientului. Exemple de acțiuni: un șablon de cerere cu criterii de acceptare; reformularea cererii către client înainte de începerea lucrului.

# De ce propune căutătorul o lacună.
reason-category = Categoria „{ $category }” pornește de obicei de la această lacună.
reason-phrase = Textul spune „{ $phrase }”.
reason-word = În incidentele din care a învățat căutătorul, cuvântul „{ $word }” a apărut des alături de această lacună.
reason-similar = Un incident al dumneavoastră asemănător în proporție de { $percent }% a fost confirmat cu această lacună în retrospectiva lui.
reason-amount = Suma datorată, { $amount } (aproximativ { $eur } EUR), depășește pragul de { $threshold } EUR de la care o datorie are nevoie de o cale de escaladare.
reason-overdue = { PLURAL($days) ->
    [one] Textul menționează o întârziere de o zi.
    [few] Textul menționează o întârziere de { $days } zile.
   *[other] Textul menționează o întârziere de { $days } de zile.
}

# Corrective actions and repeats.
action-reopened-by-repeat = Redeschisă de serviciu: incidentul { $incident } a scos din nou la iveală aceeași lacună, deci acțiunea nu a funcționat.
earlier-action = Asta trebuia rezolvat prin acțiunea „{ $title }”, finalizată pe { $date }.

# Why an incident is like another.
similar-confirmed-gap = Ambele retrospective au confirmat „{ $gap }”.
similar-likely-gap = Ambele scot la iveală, cel mai probabil, „{ $gap }”.
similar-concepts = { PLURAL($count) ->
    [one] Ambele texte vorbesc despre un lucru comun.
    [few] Ambele texte vorbesc despre { $count } lucruri comune.
   *[other] Ambele texte vorbesc despre { $count } de lucruri comune.
}
similar-category = Ambele sunt în categoria „{ $category }”.
similar-client = Ambele privesc același client.
