"""The one message catalogue: every sentence the API says to a person, in Swedish and English.

Errors are raised deep with a message in one language (most in English, some in Swedish);
the web edge answers in the caller's language (web/i18n.py) by looking the message up here in
either language. A `{name}` in an entry stands for a value (a number, a file name): the
sentence is recognised with any value there and the value carried into the other language.
A message not in the catalogue is passed on as it was raised.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")

# (English, Swedish)
ENTRIES: tuple[tuple[str, str], ...] = (
    # problem titles (by HTTP status)
    ("Bad request", "Felaktig begäran"),
    ("Unauthenticated", "Inte inloggad"),
    ("Forbidden", "Inte tillåtet"),
    ("Not found", "Hittades inte"),
    ("Method not allowed", "Metoden är inte tillåten"),
    ("Request timeout", "Begäran tog för lång tid"),
    ("Conflict", "Konflikt"),
    ("Payload too large", "För stor begäran"),
    ("Unsupported media type", "Formatet stöds inte"),
    ("Validation failed", "Ogiltiga uppgifter"),
    ("Too many requests", "För många förfrågningar"),
    ("Internal server error", "Serverfel"),
    ("Service unavailable", "Tjänsten är inte tillgänglig"),
    ("Error", "Fel"),
    # generic errors
    ("The request could not be completed.", "Begäran kunde inte genomföras."),
    ("The requested resource does not exist.", "Det du frågade efter finns inte."),
    ("The request conflicts with the current state.", "Begäran krockar med hur det ser ut nu."),
    ("Sign in to continue.", "Logga in för att fortsätta."),
    ("You are not allowed to do this.", "Du har inte behörighet att göra det här."),
    ("Some fields are invalid.", "Några fält är inte rätt ifyllda."),
    ("The request is larger than allowed.", "Begäran är större än tillåtet."),
    ("Too many attempts. Try again later.", "För många försök. Försök igen om en stund."),
    (
        "A service the request needs is not available right now.",
        "En tjänst som behövs är inte tillgänglig just nu.",
    ),
    (
        "Something went wrong on our side. Quote the correlation id if you report it.",
        "Något gick fel hos oss. Ange korrelations-id:t om du rapporterar felet.",
    ),
    ("The request body is not valid JSON.", "Begärans innehåll är inte giltig JSON."),
    ("This method is not allowed here.", "Metoden är inte tillåten här."),
    ("No API operation lives at this path.", "Det finns ingen API-funktion på den här adressen."),
    ("Invalid value.", "Ogiltigt värde."),
    ("And {n} more problems.", "Och {n} problem till."),
    # validation by the framework (msgspec's sentences)
    ("Expected `{a}`, got `{b}`", "Fel typ: väntade `{a}`, fick `{b}`"),
    ("Object missing required field `{f}`", "Fältet `{f}` saknas"),
    ("Object contains unknown field `{f}`", "Okänt fält `{f}`"),
    ("Expected `{a}` of length <= {n}", "Högst {n} tecken eller element (`{a}`)"),
    ("Expected `{a}` of length >= {n}", "Minst {n} tecken eller element (`{a}`)"),
    ("Expected `{a}` >= {n}", "Värdet måste vara minst {n}"),
    ("Expected `{a}` <= {n}", "Värdet får vara högst {n}"),
    ("Expected `{a}` matching regex {r}", "Värdet har fel form"),
    ("Invalid enum value {v}", "Ogiltigt val {v}"),
    ("Invalid UUID", "Ogiltigt id"),
    ("Missing required query parameter {p}", "Parametern {p} saknas"),
    # accounts and sign-in
    ("The email or password is wrong.", "Fel e-postadress eller lösenord."),
    ("Your session has ended. Sign in again.", "Din inloggning har gått ut. Logga in igen."),
    (
        "The X-CSRF-Token header is missing or wrong.",
        "Säkerhetstoken saknas eller är fel; ladda om sidan.",
    ),
    ("The access token is not valid.", "Åtkomsttoken är inte giltig."),
    (
        "The Authorization header must be 'Bearer <token>'.",
        "Authorization måste vara 'Bearer <token>'.",
    ),
    (
        "This needs a signed-in session, not an access token.",
        "Det här kräver en inloggning i webbläsaren, inte en åtkomsttoken.",
    ),
    ("No such access token.", "Åtkomsttoken finns inte."),
    ("The expiry must be in the future.", "Giltighetstiden måste sluta i framtiden."),
    ("This is not your password.", "Det är inte ditt lösenord."),
    ("Use at least {n} characters.", "Använd minst {n} tecken."),
    ("Use at most {n} characters.", "Använd högst {n} tecken."),
    (
        "A user with this email already exists.",
        "Det finns redan en användare med den e-postadressen.",
    ),
    ("No such user.", "Det finns ingen sådan användare."),
    ("The user does not exist.", "Användaren finns inte."),
    ("The user is already erased.", "Användaren är redan raderad."),
    (
        "You cannot change your own role or activation.",
        "Du kan inte ändra din egen roll eller aktivering.",
    ),
    (
        "Only a superuser may change a user with the {r} role.",
        "Bara en superanvändare får ändra en användare med rollen {r}.",
    ),
    (
        "Only a superuser may create a user with the {r} role.",
        "Bara en superanvändare får skapa en användare med rollen {r}.",
    ),
    ("Only a superuser may grant the {r} role.", "Bara en superanvändare får ge rollen {r}."),
    ("Only a superuser can erase a {r}.", "Bara en superanvändare kan radera en {r}."),
    ("This needs the {r} role.", "Det här kräver rollen {r}."),
    (
        "At most {n} of these per minute; try again in {s} s.",
        "Högst {n} sådana per minut; försök igen om {s} s.",
    ),
    (
        "Too many failed sign-ins from here. Wait a while and try again.",
        "För många misslyckade inloggningar härifrån. Vänta en stund och försök igen.",
    ),
    (
        "The request came from another site and was refused.",
        "Begäran kom från en annan webbplats och avvisades.",
    ),
    (
        "You cannot erase yourself; ask another admin.",
        "Du kan inte radera dig själv; be en annan administratör.",
    ),
    (
        "It is the last superuser; appoint another before erasing this one.",
        "Det är den sista superanvändaren; utse en till innan du raderar den här.",
    ),
    (
        "Type the user's name exactly to confirm the erasure.",
        "Skriv användarens namn exakt för att bekräfta raderingen.",
    ),
    ("A token may be valid for at most {n} days.", "En token får gälla i högst {n} dagar."),
    (
        "The link to reset the password is invalid, already used or too old. Ask for a new one.",
        "Länken för att återställa lösenordet är ogiltig, redan använd eller för gammal. Be om en ny.",
    ),
    (
        "Accounts of this domain sign in with single sign-on ({p}).",
        "Konton i den här domänen loggar in med enkel inloggning ({p}).",
    ),
    ("The single sign-on did not succeed.", "Den enkla inloggningen lyckades inte."),
    ("No such sign-in provider.", "Det finns ingen sådan inloggningstjänst."),
    (
        "This domain does not require single sign-on.",
        "Den här domänen kräver inte enkel inloggning.",
    ),
    ("Give a domain such as skola.example.se.", "Ange en domän som skola.example.se."),
    (
        "Send the request as JSON (Content-Type: application/json).",
        "Skicka begäran som JSON (Content-Type: application/json).",
    ),
    # catalog and governance
    ("No such tool.", "Verktyget finns inte."),
    ("No such suggestion.", "Förslaget finns inte."),
    ("Unknown {kind}: {slug}.", "Okänd {kind}: {slug}."),
    ("The {kind} '{slug}' exists.", "{kind} '{slug}' finns redan."),
    ("A title is required.", "Ange en titel."),
    ("A label is required.", "Ange en etikett."),
    ("A {name} is required.", "{name} krävs."),
    ("The slug '{slug}' is taken.", "Kortnamnet '{slug}' är upptaget."),
    ("'{slug}' is reserved; pick another.", "'{slug}' är reserverat; välj ett annat."),
    (
        "Use 1-64 lower-case letters a-z, digits and single hyphens, starting and ending with a letter or digit.",
        "Använd 1-64 gemena bokstäver a-z, siffror och enstaka bindestreck; börja och sluta med en bokstav eller siffra.",
    ),
    (
        "The slug cannot change once the tool has been published: links to it must keep working.",
        "Kortnamnet kan inte ändras efter första publiceringen: länkar till verktyget måste fortsätta fungera.",
    ),
    (
        "Only the tool's maintainers and admins may change it.",
        "Bara verktygets förvaltare och administratörer får ändra det.",
    ),
    (
        "Only active contributors, admins and superusers can maintain tools.",
        "Bara aktiva bidragsgivare, administratörer och superanvändare kan förvalta verktyg.",
    ),
    ("That user does not maintain this tool.", "Användaren förvaltar inte det här verktyget."),
    (
        "You wrote this version; another admin must review and publish it.",
        "Du skrev den här versionen; en annan administratör måste granska och publicera den.",
    ),
    (
        "A version that is {state} cannot be {action}.",
        "En version som är {state} kan inte bli {action}.",
    ),
    (
        "Only an archived version can be rolled back to; version {n} is {state}.",
        "Bara en arkiverad version kan återställas; version {n} är {state}.",
    ),
    ("The tool has no version {n}.", "Verktyget har ingen version {n}."),
    (
        "Version {n} was saved by someone else a moment ago. Reload, merge your changes and save again.",
        "Version {n} sparades av någon annan nyss. Ladda om, för in dina ändringar och spara igen.",
    ),
    (
        "The tool has changed since version {a}: the newest version is {b}. Reload, merge your changes and save again.",
        "Verktyget har ändrats sedan version {a}: den nyaste är {b}. Ladda om, för in dina ändringar och spara igen.",
    ),
    ("A version needs at least one file.", "En version behöver minst en fil."),
    ("At most {n} files per version.", "Högst {n} filer per version."),
    (
        "The source files are {a} bytes together; at most {b} are allowed.",
        "Källfilerna är {a} byte tillsammans; högst {b} är tillåtet.",
    ),
    (
        "The source files could not be checked in time; make them smaller.",
        "Källfilerna kunde inte kontrolleras i tid; gör dem mindre.",
    ),
    ("The entrypoint file {f} is not among the files.", "Startfilen {f} finns inte bland filerna."),
    ("The entrypoint must be inside the tool.", "Startfilen måste ligga i verktyget."),
    ("There is no file {f}.", "Det finns ingen fil {f}."),
    ("{f}: cannot be compiled ({e}).", "{f}: kan inte kompileras ({e})."),
    ("The files are an object of path: text.", "Filerna ska vara ett objekt med sökväg: text."),
    ("The snapshot is an object.", "Ögonblicksbilden ska vara ett objekt."),
    ("A manifest is an object.", "Ett manifest ska vara ett objekt."),
    ("A file path is relative, without `..`.", "En sökväg är relativ, utan `..`."),
    ("The file contains NUL bytes; only text.", "Filen innehåller NUL-tecken; bara text går."),
    ("The file is not valid UTF-8 text.", "Filen är inte giltig UTF-8-text."),
    ("The files are larger than {n} bytes.", "Filerna är större än {n} byte."),
    ("Say what should change.", "Skriv vad som ska ändras."),
    ("Say why it is declined.", "Skriv varför förslaget avböjs."),
    ("The suggestion was already {s}.", "Förslaget är redan {s}."),
    (
        "The period is at most a year, since before until.",
        "Perioden är högst ett år, och since före until.",
    ),
    ("Not a valid RFC 3339 time.", "Inte en giltig tidpunkt (RFC 3339)."),
    # runs, sessions and uploads
    ("There is no such run.", "Körningen finns inte."),
    ("There is no such session.", "Sessionen finns inte."),
    ("There is no such artifact.", "Filen finns inte."),
    ("Only admins may list other users' runs.", "Bara administratörer får se andras körningar."),
    (
        "The tool has no published version yet; try it as a sandbox run.",
        "Verktyget har ingen publicerad version än; prova det som testkörning.",
    ),
    (
        "The session has expired; start the tool again.",
        "Sessionen har gått ut; börja om med verktyget.",
    ),
    (
        "The session has moved on since you loaded it; reload and try again.",
        "Sessionen har gått vidare sedan du laddade sidan; ladda om och försök igen.",
    ),
    (
        "That step is no longer offered; reload to see what you can do now.",
        "Det steget erbjuds inte längre; ladda om för att se vad du kan göra nu.",
    ),
    (
        "You already have {n} runs waiting; try again when one has started.",
        "Du har redan {n} körningar i kö; försök igen när någon har startat.",
    ),
    ("At most {n} open event streams per user.", "Högst {n} öppna händelseströmmar per användare."),
    (
        "The server has too many open event streams.",
        "Servern har för många öppna händelseströmmar.",
    ),
    (
        "Send multipart/form-data or application/json.",
        "Skicka multipart/form-data eller application/json.",
    ),
    ("Send the {p} before the files.", "Skicka {p} före filerna."),
    ("The {p} part is missing.", "Delen {p} saknas."),
    ("The part {p} is sent twice.", "Delen {p} skickades två gånger."),
    ("The part {p} is larger than {n} bytes.", "Delen {p} är större än {n} byte."),
    (
        "There is no such part (or a file part sent without a filename).",
        "Det finns ingen sådan del (eller en fil skickades utan filnamn).",
    ),
    ("There is no such file field.", "Det finns inget sådant filfält."),
    (
        "The form has too many or too large parts: {e}",
        "Formuläret har för många eller för stora delar: {e}",
    ),
    ("The body is larger than {n} bytes.", "Innehållet är större än {n} byte."),
    ("The request is {a} bytes; at most {b}.", "Begäran är {a} byte; högst {b}."),
    ("The Content-Length header is not a number.", "Content-Length är inte ett tal."),
    (
        "The upload stalled; try again on a better connection.",
        "Uppladdningen stannade; försök igen med en bättre uppkoppling.",
    ),
    (
        "The upload took too long; try again on a better connection.",
        "Uppladdningen tog för lång tid; försök igen med en bättre uppkoppling.",
    ),
    ("At most {n} files per run.", "Högst {n} filer per körning."),
    ("A file is larger than {n} bytes.", "En fil är större än {n} byte."),
    ("The files are larger than {n} bytes together.", "Filerna är större än {n} byte tillsammans."),
    ("{f} is larger than {n} bytes.", "{f} är större än {n} byte."),
    ("{f} is not a {e} file.", "{f} är inte en {e}-fil."),
    ("{f}: allowed are {a}.", "{f}: tillåtna är {a}."),
    ("Allowed file types: {a}.", "Tillåtna filtyper: {a}."),
    ("Upload at least {n}.", "Ladda upp minst {n}."),
    ("Upload at most {n}.", "Ladda upp högst {n}."),
    # form fields (the tool contract's validator)
    ("A value is required.", "Fyll i det här fältet."),
    ("At most {n} characters.", "Högst {n} tecken."),
    ("At least {n}.", "Minst {n}."),
    ("In steps of {n}, counted from {m}.", "I steg om {n}, räknat från {m}."),
    ("At most {n}.", "Högst {n}."),
    ("Choose at least {n}.", "Välj minst {n}."),
    ("Choose at most {n}.", "Välj högst {n}."),
    ("Choose among the options.", "Välj bland alternativen."),
    ("Choose one of the options.", "Välj ett av alternativen."),
    ("Too many choices.", "För många val."),
    ("On or after {d}.", "Tidigast {d}."),
    ("On or before {d}.", "Senast {d}."),
    ("Enter a date as YYYY-MM-DD.", "Skriv ett datum som ÅÅÅÅ-MM-DD."),
    ("There is no such date.", "Det datumet finns inte."),
    ("Enter a finite number.", "Skriv ett ändligt tal."),
    ("Enter a number.", "Skriv ett tal."),
    ("Enter a whole number.", "Skriv ett heltal."),
    ("Enter a single line.", "Skriv på en rad."),
    ("Enter text.", "Skriv text."),
    ("Enter true or false.", "Ange sant eller falskt."),
    ("The number is too large.", "Talet är för stort."),
    (
        "The text contains characters that are not allowed.",
        "Texten innehåller tecken som inte är tillåtna.",
    ),
    ("Files are uploaded, not sent as values.", "Filer laddas upp, de skickas inte som värden."),
    ("Settings cannot hold files.", "Inställningar kan inte innehålla filer."),
    ("The values must be an object.", "Värdena ska vara ett objekt."),
    ("There is no such field.", "Det finns inget sådant fält."),
    ("This field does not take a value.", "Det här fältet tar inget värde."),
    ("The name {n} is taken.", "Namnet {n} är upptaget."),
    ("A form has at most {n} fields.", "Ett formulär har högst {n} fält."),
    # run errors the platform writes (stored as a code, worded when read: web/i18n.py)
    ("The run took longer than allowed.", "Körningen tog längre tid än tillåtet."),
    ("The tool ran out of memory.", "Verktyget fick slut på minne."),
    ("The tool wrote more output than allowed.", "Verktyget skrev mer utdata än tillåtet."),
    (
        "The platform could not finish the run. Try again; if it happens again, tell an admin.",
        "Plattformen kunde inte slutföra körningen. Försök igen; händer det igen, kontakta en administratör.",
    ),
    ("The tool failed.", "Verktyget misslyckades."),
)

# The sentence a run's error shows for a platform error code (status timed_out included).
PLATFORM_RUN_ERRORS: dict[str, str] = {
    "timed_out": "The run took longer than allowed.",
    "oom": "The tool ran out of memory.",
    "output_limit": "The tool wrote more output than allowed.",
    "platform_error": "The platform could not finish the run. Try again; if it happens again, tell an admin.",
}

_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(regex, re.DOTALL)


@cache
def _index() -> tuple[dict[str, tuple[str, str]], list[tuple[re.Pattern[str], tuple[str, str]]]]:
    exact: dict[str, tuple[str, str]] = {}
    patterns: list[tuple[int, re.Pattern[str], tuple[str, str]]] = []
    for entry in ENTRIES:
        for text in entry:
            if _PLACEHOLDER.search(text):
                literal = len(_PLACEHOLDER.sub("", text))
                patterns.append((literal, _pattern(text), entry))
            else:
                exact[text] = entry
    # The most specific first: "At most {n} characters." before "At most {n}."
    patterns.sort(key=lambda p: -p[0])
    return exact, [(p, e) for _, p, e in patterns]


def translate(message: str, language: Language) -> str:
    """`message` (in either language) in `language`; unknown messages unchanged."""
    exact, patterns = _index()
    entry = exact.get(message)
    if entry is not None:
        return entry[0] if language == "en" else entry[1]
    for pattern, entry in patterns:
        match = pattern.fullmatch(message)
        if match is not None:
            template = entry[0] if language == "en" else entry[1]
            return template.format(**match.groupdict())
    return message
