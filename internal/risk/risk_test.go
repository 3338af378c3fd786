package risk

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

type checkCase struct {
	lang, text string
	want       Category
}

// runCases checks the category of each case and the invariants every
// verdict keeps.
func runCases(t *testing.T, cases []checkCase) {
	t.Helper()
	for _, c := range cases {
		v := Check(c.text, c.lang)
		if v.Category != c.want {
			t.Errorf("Check(%q, %q) = %s (%s), want %s", c.text, c.lang, v.Category, v.Reason, c.want)
		}
		checkInvariants(t, c.text, v)
	}
}

func checkInvariants(t *testing.T, text string, v Verdict) {
	t.Helper()
	if v.Risk != v.Category.Risk() {
		t.Errorf("Check(%q): Risk %v but category %s", text, v.Risk, v.Category)
	}
	if v.Risk && v.Concern {
		t.Errorf("Check(%q): both Risk and Concern", text)
	}
	if v.Concern != (v.Category == ConcernOther || v.Category == ConcernPast) {
		t.Errorf("Check(%q): Concern %v but category %s", text, v.Concern, v.Category)
	}
	if v.Category == None {
		if v.Phrase != "" || v.Reason != "" {
			t.Errorf("Check(%q): nothing found but phrase %q, reason %q", text, v.Phrase, v.Reason)
		}
		return
	}
	if v.Phrase == "" || !strings.Contains(text, v.Phrase) {
		t.Errorf("Check(%q): phrase %q is not part of the text", text, v.Phrase)
	}
	if !strings.HasPrefix(v.Reason, string(v.Category)+": ") || strings.ContainsAny(v.Reason, "\n\r\t") {
		t.Errorf("Check(%q): reason %q is not one line starting with the category", text, v.Reason)
	}
}

func TestPlainStatements(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "i want to kill myself", Suicide},
		{"en", "I want to end it all", Suicide},
		{"en", "i think i'm going to take my own life", Suicide},
		{"en", "i'm seriously considering suicide", Suicide},
		{"en", "I feel suicidal again", Suicide},
		{"en", "i want to hurt myself so bad right now", SelfHarm},
		{"en", "i cut again last night", SelfHarm},
		{"en", "i keep cutting my thighs", SelfHarm},
		{"es", "me quiero morir", Suicide},
		{"es", "quiero suicidarme", Suicide},
		{"es", "no quiero vivir más", Suicide},
		{"es", "me voy a cortar", SelfHarm},
		{"es", "me corté las muñecas", SelfHarm},
		{"es", "estoy pensando en quitarme la vida esta noche", Suicide},
	})
}

func TestNegation(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "I'm not going to hurt myself", None},
		{"en", "i would never kill myself", None},
		{"en", "i don't want to die, i just want the pain to stop", None},
		{"en", "no plans to hurt myself, just really sad today", None},
		{"en", "i don't think i'd ever hurt myself", None},
		{"en", "i'm not suicidal, just exhausted", None},
		{"es", "no me voy a hacer daño", None},
		{"es", "nunca me quitaría la vida", None},
		{"es", "ya no me corto", None},
		{"es", "no lo voy a matar, solo estoy enojada", None},
		// A negation that negates something else is not a way out.
		{"en", "i'm not ok and i want to kill myself", Suicide},
		{"en", "not gonna lie i want to die", Suicide},
		{"en", "i don't know why i keep wanting to die", Suicide},
		{"en", "i can't stop thinking about killing myself", Suicide},
		{"es", "no sé por qué sigo queriendo morir", Suicide},
		// "ya no quiero vivir" is "i no longer want to live": the negation
		// is the risk.
		{"es", "ya no quiero vivir", Suicide},
		{"en", "i don't want to live anymore", Suicide},
		{"en", "i dont see a way out except dying", Suicide},
	})
}

func TestOtherPeopleAndThePast(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "my brother attempted last year", ConcernOther},
		{"en", "my son told me he wants to die", ConcernOther},
		{"en", "my best friend told me she's been cutting, how do i help her", ConcernOther},
		{"en", "how do i support a friend who is suicidal", ConcernOther},
		{"es", "mi amiga se quiere morir y no sé cómo ayudarla", ConcernOther},
		{"es", "mi hijo dice que quiere matarse", ConcernOther},
		{"en", "i attempted when i was 16, i'm 30 now and doing a lot better", ConcernPast},
		{"en", "i tried to kill myself years ago", ConcernPast},
		{"en", "i used to want to die every day", ConcernPast},
		{"es", "intenté suicidarme hace muchos años", ConcernPast},
		{"es", "cuando era adolescente me cortaba", ConcernPast},
		// A recent act is a risk: support matters most right after it.
		{"en", "i attempted suicide last night", Suicide},
		{"en", "i took all my pills an hour ago", Suicide},
		{"es", "intenté suicidarme anoche", Suicide},
		// Somebody else's past is no bar to the writer's present.
		{"en", "since my wife died last year i just want to die too", Suicide},
		{"en", "my husband died and i want to join him", Suicide},
	})
	v := Check("my brother attempted last year", "en")
	if v.Risk || !v.Concern {
		t.Errorf("a concern must not be a risk: got %+v", v)
	}
}

func TestIdioms(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "this commute is killing me", None},
		{"en", "I could kill for a coffee", None},
		{"en", "i'm dying to see it", None},
		{"en", "I'm dead tired", None},
		{"en", "that joke killed me", None},
		{"en", "she's killing it at work", None},
		{"en", "shoot me an email", None},
		{"en", "i'd die of embarrassment", None},
		{"en", "i'm killing myself trying to finish this project", None},
		{"en", "i'm killing myself at this job", None},
		{"en", "i'd rather die than give a speech", None},
		{"en", "i need to cut myself some slack", None},
		{"en", "i cut myself shaving this morning", None},
		{"en", "i'm going to kill this exam", None},
		{"en", "my mom is going to kill me when she sees this", None},
		{"en", "i want to end things with my boyfriend", None},
		{"en", "what's the point of this meeting", None},
		{"en", "i'm going to jump in the pool", None},
		{"en", "i hurt her feelings and i feel bad", None},
		{"es", "me muero de hambre", None},
		{"es", "me muero de risa", None},
		{"es", "me mata el tráfico", None},
		{"es", "mi mamá me va a matar si llego tarde", None},
		{"es", "me quiero morir de la vergüenza", None},
		{"es", "me mato estudiando para el examen", None},
		{"es", "me voy a cortar el pelo mañana", None},
		{"es", "me corté el dedo cocinando", None},
		{"es", "hoy voy a matar ese examen", None},
		{"es", "me voy a tirar a la piscina", None},
	})
}

func TestMentions(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "the movie was about suicide", None},
		{"en", "we discussed suicide prevention at work", None},
		{"en", "the song is about wanting to die but it's actually hopeful", None},
		{"en", "my therapist asked if i was suicidal and i said no", None},
		{"en", "suicidal ideation is a symptom we talked about in psychoeducation", None},
		{"es", "la canción habla de querer morir", None},
		{"es", "hablamos de prevención del suicidio en el trabajo", None},
	})
}

func TestObfuscation(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "k i l l myself", Suicide},
		{"en", "i want to k i l l my self", Suicide},
		{"en", "k!ll mys3lf", Suicide},
		{"en", "I WANT TO K!LL MYS3LF", Suicide},
		{"en", "gonna kms", Suicide},
		{"en", "i wanna k.m.s", Suicide},
		{"en", "i want to unalive myself", Suicide},
		{"en", "i think about sui cide every day", Suicide},
		{"en", "i want to kiiill myself", Suicide},
		{"en", "i want to killl myselff", Suicide},
		{"en", "i want to dieeee", Suicide},
		{"en", "i want to d-i-e", Suicide},
		{"en", "thinking about $uicide", Suicide},
		{"en", "su1c1d3 is on my mind again", Suicide},
		{"en", "im so sucidal", Suicide},
		{"en", "i want to kill myslef", Suicide},
		{"en", "sewerslide is looking good rn", Suicide},
		{"en", "i want to kіll myself", Suicide}, // a Cyrillic і
		{"es", "quiero m a t a r m e", Suicide},
		{"es", "kiero suicidarme", Suicide},
		{"es", "quiero m4tarme", Suicide},
		{"es", "me quiero moriiir", Suicide},
		{"es", "quiero sui cidarme", Suicide},
	})
}

func TestIndirectSignals(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "everyone would be better off without me", Suicide},
		{"en", "I won't be around much longer", Suicide},
		{"en", "I've been saving up my pills", Suicide},
		{"en", "I wrote my goodbye letters", Suicide},
		{"en", "what's the point of going on", Suicide},
		{"en", "I just want to disappear forever", Suicide},
		{"en", "i gave away my cat and all my things", Suicide},
		{"en", "i bought rope today. i know what its for", Suicide},
		{"en", "nobody would miss me if i was gone", Suicide},
		{"en", "how many pills does it take to die", Suicide},
		{"en", "i'm a burden to everyone", Suicide},
		{"es", "todos estarían mejor sin mí", Suicide},
		{"es", "he estado juntando pastillas", Suicide},
		{"es", "ya escribí mis cartas de despedida", Suicide},
		{"es", "nadie me va a extrañar cuando ya no esté", Suicide},
		// The same words in an everyday sense.
		{"en", "i want to disappear for a week to a cabin", None},
		{"en", "i gave away my old clothes to charity", None},
		{"en", "i take my pills every morning", None},
		{"en", "i said goodbye to my old apartment", None},
		{"es", "quiero desaparecer un fin de semana a la playa", None},
	})
}

func TestHarmToOthers(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "I want to hurt him", HarmToOthers},
		{"en", "I'm going to make them pay with my gun", HarmToOthers},
		{"en", "i'm going to kill my boss tomorrow", HarmToOthers},
		{"en", "i swear i'll kill her if she comes near my kids again", HarmToOthers},
		{"en", "i'm gonna shoot up that office", HarmToOthers},
		{"en", "i fantasize about killing my ex and i'm scared i'll actually do it", HarmToOthers},
		{"es", "lo voy a matar", HarmToOthers},
		{"es", "quiero hacerle daño", HarmToOthers},
		{"es", "voy a matar a mi jefe, ya tengo la pistola", HarmToOthers},
		{"en", "someone at school said they would shoot people, i told the principal", ConcernOther},
		{"en", "he threatened to kill me but i'm safe now", None},
		{"en", "i would never hurt my kids", None},
		{"en", "i'm going to hurt him so bad in fortnite", None},
	})
}

// TestMorePhrasings holds phrasings found while probing the rules with
// sentences outside both data files, kept so they stay fixed.
func TestMorePhrasings(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "i'm scared of what i might do to myself tonight", Suicide},
		{"en", "i can't promise i'll be safe tonight", Suicide},
		{"en", "i don't think i'll make it through the night", Suicide},
		{"en", "i've made peace with dying", Suicide},
		{"en", "i'm going to swallow all my sleeping pills", Suicide},
		{"en", "i took 30 pills", Suicide},
		{"en", "i have the rope ready", Suicide},
		{"en", "i'm going to jump off the golden gate bridge", Suicide},
		{"en", "i'm going to get my dad's gun and end this", Suicide},
		{"en", "i'm so done. goodbye everyone.", Suicide},
		{"en", "i won't be a burden much longer", Suicide},
		{"en", "idk why i'm still alive", Suicide},
		{"en", "maybe i should just die", Suicide},
		{"en", "i punch walls until my knuckles bleed", SelfHarm},
		{"en", "i burned my arm with a cigarette on purpose", SelfHarm},
		{"en", "i'm going to beat the shit out of him", HarmToOthers},
		{"en", "i'm going to shoot everyone at school tomorrow", HarmToOthers},
		{"es", "tengo una soga lista", Suicide},
		{"es", "me siento un estorbo para todos", Suicide},
		{"es", "ya no aguanto más la vida", Suicide},
		{"es", "me corto para sentir algo", SelfHarm},
		{"es", "he estado cortándome otra vez", SelfHarm},
		{"es", "voy a apuñalar a mi padrastro", HarmToOthers},
		{"en", "i'm afraid my son will hurt himself", ConcernOther},
		{"en", "i used to want to die but now i want to live", ConcernPast},
		{"es", "mi amiga me dijo que se quiere matar", ConcernOther},
		{"es", "hace cinco años intenté quitarme la vida", ConcernPast},
		{"en", "i'm so excited i could die", None},
		{"en", "i'm going to die if i don't eat soon", None},
		{"en", "during my panic attack i thought i was going to die", None},
		{"en", "i'm dying for a cigarette", None},
		{"en", "cravings are killing me", None},
		{"en", "i'm proud of myself today", None},
		{"en", "i cut myself on the broken glass", None},
		{"en", "i hurt my back lifting boxes", None},
		{"en", "i'm going to cut down on coffee", None},
		{"en", "i want to cut ties with my family", None},
		{"en", "i'm taking my gun to the range on sunday", None},
		{"en", "i bought a rope for climbing", None},
		{"en", "i took all my meds today like i'm supposed to", None},
		{"en", "i'm going to take all my vacation days", None},
		{"en", "i wrote a goodbye letter to my old job", None},
		{"en", "goodbye everyone, see you next week!", None},
		{"en", "i haven't self harmed in a year", None},
		{"en", "we're reading romeo and juliet, they kill themselves at the end", None},
		{"es", "siento que me voy a morir cuando tengo ataques de pánico", None},
		{"es", "el tráfico me va a matar", None},
		{"es", "me voy a matar trabajando este mes", None},
		{"es", "te voy a matar a besos", None},
		{"es", "me corté con un papel", None},
		{"es", "me voy a cortar las uñas", None},
		{"es", "no quiero vivir en esta ciudad", None},
		{"es", "ya no quiero seguir en este trabajo", None},
		{"es", "quiero matar a los zombies en el juego", None},
	})
}

func TestPhraseAsWritten(t *testing.T) {
	for _, c := range []struct{ lang, text, phrase, reason string }{
		{"en", "Honestly I want to END IT ALL.", "want to END IT ALL", `suicide: "want to END IT ALL"`},
		{"en", "ok so... k!ll mys3lf", "k!ll mys3lf", `suicide: "k!ll mys3lf"`},
		{"es", "Ya no quiero vivir más", "no quiero vivir", `suicide: "no quiero vivir"`},
		{"en", "i want to\tdie", "want to\tdie", `suicide: "want to\tdie"`},
	} {
		v := Check(c.text, c.lang)
		if v.Phrase != c.phrase || v.Reason != c.reason {
			t.Errorf("Check(%q): phrase %q, reason %q; want %q, %q", c.text, v.Phrase, v.Reason, c.phrase, c.reason)
		}
	}
}

func TestLanguages(t *testing.T) {
	for _, lang := range []string{"es", "es-MX", "ES", "", "xx"} {
		if v := Check("me quiero morir", lang); !v.Risk {
			t.Errorf("Check(Spanish, %q) = %+v, want a risk", lang, v)
		}
	}
	for _, lang := range []string{"en", "en-GB", "", "fr"} {
		if v := Check("i want to die", lang); !v.Risk {
			t.Errorf("Check(English, %q) = %+v, want a risk", lang, v)
		}
	}
	// Each language's rules only run for that language.
	if v := Check("me quiero morir", "en"); v.Risk {
		t.Errorf("Spanish found with the English rules: %+v", v)
	}
	// The Spanish "ya" must not become English "you" when all languages run.
	if v := Check("ya no quiero vivir", ""); !v.Risk {
		t.Errorf("Check(%q, all) = %+v, want a risk", "ya no quiero vivir", v)
	}
}

func TestEmptyAndOdd(t *testing.T) {
	for _, text := range []string{"", " ", "\t\t", "!!!", "...", "😂😂😂", "\xff\xfe", "a", "i", "k i", strings.Repeat("x", 5000)} {
		v := Check(text, "en")
		if v.Category != None {
			t.Errorf("Check(%q) = %+v, want none", text, v)
		}
		checkInvariants(t, text, v)
	}
}

func TestConcurrentUse(t *testing.T) {
	texts := []string{"i want to die", "this commute is killing me", "me quiero morir", "my brother attempted last year"}
	want := make([]Verdict, len(texts))
	for i, s := range texts {
		want[i] = Check(s, "")
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := (g + i) % len(texts)
				if got := Check(texts[k], ""); got != want[k] {
					t.Errorf("Check(%q) = %+v concurrently, want %+v", texts[k], got, want[k])
				}
			}
		})
	}
	wg.Wait()
}

func TestCheckLines(t *testing.T) {
	in := "i want to end it all\r\n" +
		"this commute is killing me\n" +
		"\n" +
		"my brother attempted last year\n" +
		"me quiero morir"
	var out bytes.Buffer
	if err := CheckLines(strings.NewReader(in), &out, ""); err != nil {
		t.Fatal(err)
	}
	want := "risk\tsuicide: \"want to end it all\"\n" +
		"ok\n" +
		"ok\n" +
		"ok\n" +
		"risk\tsuicide: \"me quiero morir\"\n"
	if out.String() != want {
		t.Errorf("CheckLines:\ngot  %q\nwant %q", out.String(), want)
	}
}

func TestCheckLinesLong(t *testing.T) {
	// A line of 1 MiB with the risk at its very end.
	tail := " i want to die"
	line := strings.Repeat("a", MaxLineBytes-len(tail)) + tail
	var out bytes.Buffer
	if err := CheckLines(strings.NewReader(line+"\r\nok then\n"), &out, "en"); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "risk\tsuicide: \"want to die\"\nok\n"; got != want {
		t.Errorf("CheckLines on a 1 MiB line: got %q, want %q", got, want)
	}
	err := CheckLines(strings.NewReader("fine\n"+line+"x\n"), &out, "en")
	if !errors.Is(err, errLineTooLong) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("CheckLines on a line over 1 MiB: error %v, want one naming line 2", err)
	}
}

func TestCheckLinesEmpty(t *testing.T) {
	var out bytes.Buffer
	if err := CheckLines(strings.NewReader(""), &out, "en"); err != nil || out.Len() != 0 {
		t.Errorf("CheckLines on nothing: %q, %v; want nothing", out.String(), err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestCheckLinesWriteError(t *testing.T) {
	err := CheckLines(strings.NewReader("i want to die\n"), failWriter{}, "en")
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("CheckLines to a failing writer: %v, want the write error", err)
	}
}

// TestPairedSignals covers weak phrases: vague alone, a risk when two of
// different kinds meet in one message.
func TestPairedSignals(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "tonight is the night, i've made up my mind", Suicide},
		{"en", "my plan is set, i just have to wait til everyone's asleep", Suicide},
		{"en", "thank you all for everything. it was nice knowing you", Suicide},
		{"en", "i wrote letters to my kids, they're in the top drawer", Suicide},
		{"en", "i can't keep going like this, i have the rope in my car", Suicide},
		{"en", "i canceled all my appointments, i won't need them", Suicide},
		{"en", "my boss is going to regret this, i know where he parks", HarmToOthers},
		{"en", "he's going to get what's coming to him, i've got my dad's gun", HarmToOthers},
		{"es", "no creo que llegue a fin de mes, ya lo tengo decidido", Suicide},
		{"es", "perdónenme por todo, los quiero mucho", Suicide},
		{"es", "ya regalé mis cosas, no las voy a necesitar", Suicide},
		// A known miss: "mi vecina" before "ya no lo voy a necesitar" is
		// taken for its subject, so the phrase reads as hers.
		{"es", "le dejé mi perro a mi vecina porque ya no lo voy a necesitar", None},
		// One weak phrase alone is not enough.
		{"en", "tonight is the night! concert time", None},
		{"en", "i've made up my mind to quit smoking", None},
		{"en", "thanks for everything tonight, see you thursday", None},
		{"en", "i wrote a letter to my grandma for her birthday", None},
		{"es", "no creo que llegue a fin de mes con este sueldo", None},
		// Two sign-offs are a sign-off.
		{"en", "bye! love you all", None},
		// An ordinary reason in the same message.
		{"en", "i'm leaving this group because i'm moving abroad, thanks for everything and goodbye", None},
		{"en", "i gave my old laptop to my niece, i won't need it anymore since i got a new one", None},
		{"en", "i gave my guns to my brother to hold while i'm in a rough patch", None},
		{"es", "le dejé mi perro a mi vecina porque me voy de viaje", None},
	})
}

// TestIndirectPhrasings covers plans, means, research, not lasting and
// goodbyes said without the words "suicide" or "kill myself".
func TestIndirectPhrasings(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "which over the counter stuff is deadliest? asking for me", Suicide},
		{"en", "thinking about how many of my meds it would take", Suicide},
		{"en", "i don't see myself making it to my birthday next month", Suicide},
		{"en", "i wont be a problem for anyone much longer", Suicide},
		{"en", "you won't have to worry about me much longer", Suicide},
		{"en", "by the time anyone reads this i'll be gone", Suicide},
		{"en", "the bridge near my work keeps calling me", Suicide},
		{"en", "ready to go be with mom. i'll see her soon", Suicide},
		{"en", "told my wife i'm fine but i'm sitting in the garage with the car running", Suicide},
		{"en", "i wish i had the guts to end it", Suicide},
		{"en", "i keep thinking how peaceful it would be to not exist", Suicide},
		{"en", "if i die tonight nobody will care", Suicide},
		{"en", "part of me wants to die", Suicide},
		{"en", "i have the urge to end it", Suicide},
		{"en", "the voices keep telling me to jump", Suicide},
		{"en", "the voices keep telling me to hurt the baby", HarmToOthers},
		{"en", "i scratched my arms raw and i want to go further", SelfHarm},
		{"en", "cut again last night, deeper than usual", SelfHarm},
		{"en", "burned my wrist with the curling iron on purpose again", SelfHarm},
		{"es", "busqué cuántas pastillas hacen falta para no despertar", Suicide},
		{"es", "ya no aguanto más, hoy se acaba todo", Suicide},
		{"es", "pronto dejaré de ser una carga para todos", Suicide},
		{"es", "no me van a tener que aguantar mucho tiempo más", Suicide},
		{"es", "les dejé cartas a mis hijos por si acaso", Suicide},
		{"es", "tengo todo planeado para quitarme la vida", Suicide},
		{"es", "las voces me dicen que me mate", Suicide},
		{"es", "me golpeo la cabeza contra la pared hasta sangrar", SelfHarm},
		{"es", "si mi ex se acerca a mis hijos lo mato", HarmToOthers},
		// The same words in an everyday sense.
		{"en", "how many pills should i take for a migraine", None},
		{"en", "what's the lethal dose of caffeine lol", None},
		{"en", "i'm going to go be with my mom at the hospital tonight", None},
		{"en", "i don't think i'll make it to group next week, i'm traveling", None},
		{"en", "i won't be here next week, i'm on vacation", None},
		{"en", "my last message got lost, resending", None},
		{"en", "i scratched my mosquito bites raw", None},
		{"en", "my cat scratched me until i bled lol", None},
		{"en", "i have my pills ready for the week in my organizer", None},
		{"en", "i want to see him suffer in court", None},
		{"en", "i used to think everyone would be better off without me", ConcernPast},
		{"es", "hoy se acaba el mundial", None},
		{"es", "salí sin hacer ruido para no despertar a los niños", None},
		{"es", "sigo cortando verduras para la cena", None},
		{"es", "tengo mis pastillas listas para la semana", None},
	})
}

// TestBanter: laughter marks a threat as banter, never a wish to die.
func TestBanter(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "i'm going to kill my brother if he eats my leftovers again haha", None},
		{"es", "si me spoileas la serie te mato jajaja", None},
		{"en", "i'm going to kill my brother 😂", None},
		{"en", "i want to die lol", Suicide},
		{"en", "i'm going to kill my brother", HarmToOthers},
	})
}

func TestMoreNormalising(t *testing.T) {
	runCases(t, []checkCase{
		{"en", "sui.cide is the only way out", Suicide},
		{"en", "i want 2 die", Suicide},
		{"en", "thinkin bout endin it all", Suicide},
		{"en", "tonight's the night and i've made my choice", Suicide},
		// A dot between words is still a full stop, a digit a number.
		{"en", "i went to the store.then home", None},
		{"en", "i took 2 pills for my headache", None},
	})
}

// TestIntentActGrid crosses ways of intending with ways of dying or
// harming oneself: each should be a risk, and none of them negated, told
// of someone else or of the far past.
func TestIntentActGrid(t *testing.T) {
	intents := []string{"i want to", "i'm going to", "im gonna", "i'm planning to", "i'm ready to",
		"i need to", "i've decided to", "part of me wants to", "i have the urge to", "i just wanna"}
	acts := []string{"kill myself", "end my life", "end it all", "commit suicide", "hang myself",
		"overdose", "jump off a bridge", "slit my wrists", "take all my pills", "cut myself",
		"hurt myself", "stop existing", "unalive myself", "take my own life"}
	negs := []string{"i'm not going to", "i would never", "i don't want to", "i won't", "i have no plans to",
		"i don't feel like i need to"}
	for _, a := range acts {
		for _, i := range intents {
			if v := Check(i+" "+a, "en"); !v.Risk {
				t.Errorf("Check(%q) = %s, want a risk", i+" "+a, v.Category)
			}
		}
		for _, n := range negs {
			if v := Check(n+" "+a, "en"); v.Category != None {
				t.Errorf("Check(%q) = %s (%s), want none", n+" "+a, v.Category, v.Reason)
			}
		}
		other := strings.NewReplacer("myself", "himself", "my ", "his ").Replace(a)
		if v := Check("my brother said he's going to "+other, "en"); v.Risk {
			t.Errorf("Check(%q) = %s, want no risk", "my brother said he's going to "+other, v.Category)
		}
		if v := Check("years ago i wanted to "+a, "en"); v.Risk {
			t.Errorf("Check(%q) = %s, want no risk", "years ago i wanted to "+a, v.Category)
		}
	}
	esIntents := []string{"quiero", "voy a", "estoy por", "tengo ganas de", "estoy pensando en", "ya decidí", "quisiera"}
	esActs := []string{"matarme", "suicidarme", "quitarme la vida", "acabar con mi vida", "ahorcarme",
		"tomarme todas las pastillas", "tirarme del puente", "cortarme las venas", "hacerme daño", "dejar de existir"}
	for _, a := range esActs {
		for _, i := range esIntents {
			if v := Check(i+" "+a, "es"); !v.Risk {
				t.Errorf("Check(%q) = %s, want a risk", i+" "+a, v.Category)
			}
		}
		for _, n := range []string{"no voy a", "nunca voy a", "no quiero", "no pienso"} {
			if v := Check(n+" "+a, "es"); v.Category != None {
				t.Errorf("Check(%q) = %s (%s), want none", n+" "+a, v.Category, v.Reason)
			}
		}
	}
}

// TestRulesCompile is a reminder that a broken rule panics when the package
// loads; here it only checks every rule can start somewhere.
func TestRulesCompile(t *testing.T) {
	indexed := make([]bool, len(rules))
	for _, rs := range byFirst {
		for _, r := range rs {
			indexed[r] = true
		}
	}
	for i, ok := range indexed {
		if !ok {
			t.Errorf("rule %q can never start", rules[i].pat)
		}
	}
	if len(rules) < 100 {
		t.Errorf("only %d rules", len(rules))
	}
	// Every weak kind needs a partner of another kind to mean anything.
	if len(weakKinds) < 2 {
		t.Errorf("only %d weak kinds", len(weakKinds))
	}
	for _, k := range softKinds {
		if !slices.Contains(weakKinds, k) {
			t.Errorf("soft kind %q is not used by any rule", k)
		}
	}
}

func ExampleCheck() {
	for _, s := range []string{
		"this commute is killing me",
		"honestly i just want to end it all",
		"my brother attempted last year",
	} {
		v := Check(s, "en")
		fmt.Printf("%s risk=%v concern=%v %q\n", v.Category, v.Risk, v.Concern, v.Phrase)
	}
	// Output:
	// none risk=false concern=false ""
	// suicide risk=true concern=false "want to end it all"
	// concern-other risk=false concern=true "attempted"
}
