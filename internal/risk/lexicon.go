package risk

import "strings"

// The word lists the normaliser and the guards use. Each says why it exists.

type expansion struct {
	words []string
	langs langMask
	// ifVerbFollows marks ambiguous contractions ("ill", "id") expanded
	// only before another word and not after the words in
	// notBeforeContraction.
	ifVerbFollows bool
}

// expansions maps contractions written without the apostrophe, texting
// shorthand and self-harm slang to plain words, so rules are written once.
// Keys are squeezed. "kms", "sewerslide" and "unalive" are how people get
// past word filters on social media, and members bring the habit with them.
var expansions = func() map[string]expansion {
	expansions := map[string]expansion{}
	add := func(langs langMask, pairs string) {
		for _, line := range strings.Split(pairs, ";") {
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				continue
			}
			expansions[squeeze(strings.TrimSpace(k))] = expansion{words: strings.Fields(v), langs: langs}
		}
	}
	add(langEN, `im=i am; ive=i have; youre=you are; theyre=they are; theyd=they would;
		theyll=they will; theyve=they have; hes=he is; shes=she is; thats=that is;
		theres=there is; whats=what is; dont=do not; doesnt=does not; didnt=did not;
		cant=can not; cannot=can not; wont=will not; wouldnt=would not;
		couldnt=could not; shouldnt=should not; isnt=is not; arent=are not;
		wasnt=was not; werent=were not; havent=have not; hasnt=has not;
		hadnt=had not; aint=am not; wanna=want to; gonna=going to; finna=going to;
		gotta=got to; tryna=trying to; hafta=have to; imma=i am going to;
		ima=i am going to; idk=i do not know; idc=i do not care; ngl=not going to lie;
		u=you; ur=your; yall=you all; pls=please; plz=please;
		youll=you will; youve=you have; youd=you would; tonights=tonight is; todays=today is;
		tomorrows=tomorrow is; tmrw=tomorrow; tmr=tomorrow; tomorow=tomorrow; tonite=tonight; 2nite=tonight;
		bc=because; cuz=because; coz=because; cos=because; cause=because;
		kms=kill myself; kmss=kill myself; sewerslide=suicide; suicied=suicide;
		ded=dead; meself=myself; mself=myself; myselfe=myself; selfharm=selfharm;
		killself=kill myself; endmylife=end my life; unalivemyself=unalive myself;
		kil=kill; kiling=killing; comit=commit; comitted=committed; commited=committed;
		slef=self; mysel=myself; bout=about; abt=about`)
	add(langES, `k=que; q=que; ke=que; qe=que; xq=porque; pq=porque; porq=porque;
		xk=porque; x=por; d=de; dl=del; kiero=quiero; qiero=quiero; kero=quiero;
		qero=quiero; quero=quiero; kisiera=quisiera; qisiera=quisiera;
		kieres=quieres; tmb=tambien; tb=tambien; pa=para; toy=estoy; stoy=estoy;
		sta=esta; aki=aqui; nadien=nadie; aser=hacer; ps=pues;
		vdd=verdad; xfa=por favor`)
	for _, k := range []string{"ill", "id"} {
		expansions[squeeze(k)] = expansion{words: []string{"i", map[string]string{"ill": "will", "id": "would"}[k]}, langs: langEN, ifVerbFollows: true}
	}
	return expansions
}()

// notBeforeContraction are words after which "ill" means unwell and "id"
// means an identity document.
var notBeforeContraction = setOf(`feel feels felt feeling am is was so very been get gets got getting be
	are were mentally really too an my your the his her their photo student no
	seriously terminally chronically quite`)

// notGerunds end in -ing or -ando but are not gerunds; the gerund flag
// decides idioms like "killing myself trying to finish".
var notGerunds = setOf(`nothing something anything everything morning evening thing king ring
	spring sing sting string swing wing bring ceiling sibling darling during
	cuando mando comando grande blando`)

// manyWords are counts of ten or more, for "i took twenty pills".
var manyWords = setOf(`ten eleven twelve fifteen twenty thirty forty fifty sixty hundred dozen dozens
	hundreds diez once doce quince veinte treinta cuarenta cincuenta cien docena`)

// joinWords are keywords people split with a space, on purpose or by
// accident; both halves are joined back when together they spell one.
var joinWords = setOf(`suicide suicidal suicidarme suicidio suicida suicidas suicidarse myself
	selfharm selfharming selfharmed sewerslide unalive unaliving unalived
	overdose overdosing overdosed autolesion autolesionarme autolesiones kms
	coworker coworkers stepdad stepmom suicidio suicidarme`)

// joinPrefixes are the beginnings of joinWords, so that most words need
// no joining attempt; maxJoinPrefix bounds the words worth looking up.
var joinPrefixes, maxJoinPrefix = func() (map[string]bool, int) {
	m, longest := map[string]bool{}, 0
	for w := range joinWords {
		for i := 1; i < len(w); i++ {
			m[squeeze(w[:i])] = true
		}
		longest = max(longest, len(w))
	}
	return m, longest
}()

// fuzzyWords may be misspelt by one letter and still be recognised. They
// are long and have no everyday English or Spanish word one edit away.
const fuzzyWords = `suicide suicidal suicidio suicidarme suicidarse suicidas myself overdose
	overdosed selfharm selfharming autolesionarme`

type fuzzyKeyword struct {
	w  string
	id int32
}

var fuzzyKeywords []fuzzyKeyword

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[squeeze(w)] = true
	}
	return m
}
