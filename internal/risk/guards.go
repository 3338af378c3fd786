package risk

import "strings"

// Guards decide what a match means once a rule has found one: whether it
// is negated, an idiom, someone else's story, a story from long ago, or a
// mention of the topic (a film, a training) rather than a person's own
// state.

// Word properties, looked up by vocabulary id.
const (
	propFillerEN uint32 = 1 << iota
	propFillerES
	propBreakEN
	propBreakES
	propNeg        // negates what follows
	propFirst      // the writer as subject: "i", "we", "yo"
	propThird      // somebody else as subject
	propConj       // starts a new sub-clause, so negation before it no longer applies
	propPast       // a past-tense form inside a match: "tried", "wanted", "intenté"
	propHabitual   // "used (to)", "solía", "antes" just before a match
	propTopic      // a work or a setting that makes the words a mention
	propTopicAfter // the same, but strong enough to count after the match
	propCompound   // "suicide prevention": the keyword is part of a name
	propAccident   // "shaving", "cooking", "gym": an accident, not self-harm
	propVerb3      // a third-person verb form inside a match: "wants", "quiere"
	propRefl3      // a third-person object inside a match: "himself", "matarse"
	propRaise      // "think", "creo": "i don't think i'd ever..." keeps its negation
	propAsk        // "asked", "pregunta": a reported question ("asked if i was suicidal")
	propIf         // "if", "whether", "si", "about": what a question asks
	propGame       // "fortnite", "chess": a threat inside a game is play

	propBreak = propBreakEN | propBreakES
)

var props []uint32

func propsOf(id int32) uint32 {
	if int(id) < len(props) {
		return props[id]
	}
	return 0
}

// propWords lists the words that carry each property.
var propWords = []struct {
	p     uint32
	words string
}{
	// Fillers carry no meaning for the rules; dropping them means "i just
	// really want to die lol" needs no rule of its own.
	{propFillerEN, `just really honestly literally seriously actually lowkey highkey fr frfr rn tbh
		lol lmao lmfao rofl kinda sorta fucking freaking effing frickin fking fkn so very truly
		totally simply basically pretty even genuinely sincerely deadass legit legitimately
		srsly ngl omg ugh`},
	{propFillerES, `realmente neta simplemente nomas muy tan muchas muchos mucha
		verdaderamente sinceramente literal literalmente jaja jajaja jajajaja xd ufff uff`},
	// Clause breaks that are words: what comes after "but" is a new thought.
	{propBreakEN, `but though although however`},
	{propBreakES, `pero aunque sino`},
	{propNeg, `not never no nor neither without stopped nunca jamas tampoco ni sin`},
	{propFirst, `i we yo nosotros nosotras`},
	{propThird, `he she they someone somebody anyone anybody who whom you everyone everybody
		people person police cops ella ellas ellos alguien quien usted ustedes tu
		brother sister bro sis friend friends bestie bff buddy son daughter kid kids child
		children mom mum mother mama dad father papa parent parents husband wife partner
		boyfriend girlfriend bf gf ex cousin uncle aunt grandma grandpa grandmother
		grandfather nan niece nephew client clients patient patients student students
		coworker colleague classmate roommate neighbor neighbour character protagonist
		guy girl man woman boy teen teenager member sponsor sponsee therapist doctor
		nurse counselor counsellor teacher stepdad stepmom stepson stepdaughter fiance
		fiancee hermano hermana amigo amiga hijo hija madre padre esposo esposa marido
		novio novia pareja primo prima tio tia abuelo abuela sobrino sobrina vecino vecina
		companero companera paciente cliente alumno alumna chico chica nino nina hombre
		mujer senor senora personaje terapeuta
		cat dog kitten puppy gato gata perro perrito gatito`},
	{propConj, `and because then now y e porque pues entonces ahora luego`},
	{propPast, `tried attempted wanted wished was were used took cut overdosed oded hung hanged
		jumped swallowed wrote written gave given burned burnt hurt relapsed planned
		thought felt had did killed slit stabbed shot starved scratched hit committed
		drank ended
		intente quise queria tome corte cortaba pensaba pense sentia era estaba tenia hice
		escribi lastime lastimaba solia volvi trate intentaba`},
	{propHabitual, `used use solia antes`},
	// A topic word before the match makes it a mention: "the movie was about
	// suicide", "the lyrics about wanting to die", "my therapist asked if i
	// was suicidal".
	{propTopic, `movie movies film films show shows series episode book books novel novels story
		stories article articles news headline headlines song songs lyrics lyric album
		poem poems podcast podcasts documentary documentaries character characters
		protagonist class lecture training trainings course workshop seminar webinar
		essay paper research study studies report statistics stats prevention
		awareness psychoeducation symptom symptoms talk talked discuss discussed
		discussing discussion presentation hotline lifeline asked ask asks asking sings
		sang sing rapper singer meme memes
		pelicula peliculas serie episodio libro libros novela cuento historia articulo
		noticia noticias cancion canciones letra poema documental personaje clase charla
		taller curso capacitacion conferencia estudio investigacion estadisticas
		prevencion habla hablan hablamos hablaron trata tratamos pregunto pregunta
		preguntaron canta`},
	{propTopicAfter, `symptom symptoms psychoeducation prevention awareness statistics stats rates
		training course lecture class research study talked discussed discussion
		hotline lifeline prevencion capacitacion clase sintoma sintomas hablamos
		estadisticas exercise assignment homework ejercicio tarea`},
	{propCompound, `prevention awareness hotline lifeline line lines rates rate risk statistics
		stats survivor survivors research training month day week squad bombing
		bomber bombers attack attacks vest mission doors crisis epidemic deaths
		prevencion linea tasa tasas riesgo`},
	{propAccident, `accident accidentally accidental shaving shave cooking cook kitchen stove oven
		iron slipped tripped gym workout lifting playing practice sport sports
		game football soccer basketball hockey rugby skating climbing hiking
		accidente cocinando cocina afeitando afeitandome gimnasio jugando resbale
		tropece cai
		bites bite mosquito mosquitos eczema rash itch itchy hives sunburn scab scabs
		picadura picaduras mosco moscos comezon alergia sarten
		verduras papas cebolla cebollas carne pan fruta tela papel madera lena pasto
		vegetables veggies onions onion carrots meat bread fabric paper wood grass lawn hair`},
	{propVerb3, `wants wishes needs plans tries says tells deserves
		quiere quieren dice tiene va van`},
	{propRefl3, `himself herself themselves themself yourself yourselves urself hisself his
		her their your matarse suicidarse morirse quitarse lastimarse cortarse hacerse
		aventarse tirarse colgarse ahorcarse se`},
	// Words with no property of their own, listed so that a vocabulary
	// word is not found by squeezing them: "too" is not "to", "see" is not
	// Spanish "se".
	{0, `too see bee wee feel good been soon`},
	{propRaise, `think believe thought expect imagine see feel creo pienso siento`},
	{propAsk, `asked ask asks asking wondering wonder wonders wondered pregunto pregunta preguntaron preguntan`},
	{propIf, `if whether about si sobre`},
	{propGame, `fortnite minecraft cod warzone valorant overwatch roblox chess mario smash game games
		gaming match tennis basketball football soccer cards poker pingpong videogame videogames
		juego juegos partida ajedrez paintball laser`},
}

// Small patterns the guards run.
var (
	// disarm: a negation word that does not negate what follows.
	// "not gonna lie i want to die", "i'm not ok and...", "no sé por qué
	// sigo queriendo morir", "i can't stop thinking about it".
	disarmPats = []string{
		`not going to lie`,
		`not ok|okay|fine|good|well|alright|sure|doing|coping|safe|even`,
		`do|did not know|care|understand|get`,
		`can|could not stop|take|handle|cope|deal|bear|stand|sleep|breathe|go|do|function|focus|think|even|escape|win|face|live|keep|get|eat`,
		`no one|body|matter|idea|clue|help`,
		`never mind|again|ending|stops|stop|ends|leaves|goes`,
		`no se|sabia por|porque|que|como|si|cuando|donde|quien|ni|para|cual`,
		`no aguanto|soporto|entiendo|mames|manches|inventes|jodas|puedo|doy|duermo`,
		`no tengo a nadie`,
		`no es justo`,
		`no me entienden|quieren|importa|importo|siento`,
		`ni modo`,
		`sin embargo|saber|dormir|ganas`,
	}
	// Words right after a match that turn it into an everyday idiom.
	tailGeneric = []string{
		// "i'd die of embarrassment", "dying of laughter"
		`of|from embarrassment|laughter|laughing|shame|boredom|cuteness|envy|jealousy|hunger|thirst|curiosity|suspense|heat|cold|exhaustion|happiness|excitement|joy|shock|anticipation|fright|cringe|stress|old|age|natural`,
		`laughing|laughter|inside`,
		`on this|that hill`,
		// "the lethal dose of caffeine", "a lethal amount of cuteness".
		`of caffeine|coffee|sugar|salt|water|chocolate|vitamin|vitamins|radiation|cuteness|cringe|sarcasm`,
		`without coffee|caffeine|chocolate|wifi|internet|netflix|pizza`,
		`for (a|some|the) coffee|pizza|nap|drink|beer|chance|piece|bite|cookie|taco|burger|donut|tea|cigarette|smoke|sandwich|slice`,
		// "me muero de hambre", "me quiero morir de la vergüenza"
		`de|del [la|el|los|las|un|una] susto|coraje|verguenza|risa|risas|hambre|sed|sueno|frio|calor|ganas|amor|envidia|celos|miedo|cansancio|aburrimiento|curiosidad|ternura|nervios|pena|emocion|felicidad|alegria|gusto|viejo|vieja|vejez`,
		`por ver|ir|verte|conocer|saber|tener|probar|estar`,
		// "a goodbye letter to my old job", "giving my stuff to charity".
		`to ( my|the|our ) [old|former] job|team|work|coworkers|colleagues|company|boss|class|students|apartment|house|office|school|clients|workplace`,
		`to ( charity|goodwill|donation | the thrift )`,
		// "i want to end things with my boyfriend": a break-up.
		`with him|her|them | with my|her|his ~1 boyfriend|girlfriend|partner|husband|wife|ex|bf|gf|fiance|fiancee`,
		`de tanto reir|trabajar|estudiar`,
		// "te voy a matar a besos"
		`a besos|abrazos|cosquillas|apapachos`,
	}
	// "i'm killing myself trying to finish this", "me mato estudiando".
	tailKill = []string{
		`%ger`,
		`at work|school|this|that|my|uni|college|practice|training|gym|the|job`,
		`to finish|get|make|meet|keep|please|pass|study|work|earn|prove`,
		`for ( this|that|nothing|work|them | my job | a job|grade|degree )`,
		`with work|homework|this`,
	}
	// "i cut myself shaving", "cut myself some slack", "beat myself up",
	// "i burned myself on the stove", "me corté el dedo cocinando".
	tailHarm = []string{
		`%ger`,
		`some slack`,
		`off|out|short|loose|free|up`,
		`a|an piece|slice|break|deal|sandwich|treat|drink|portion|haircut`,
		`on (a|an|the|some|my|his|her|broken|glass|paper|accident)`,
		`by accident|mistake`,
		`while|accidentally|when cooking|shaving`,
		`at the gym|game|park|beach|pool`,
		`at work|practice|training|football|soccer|school`,
		`sin querer`,
		`con un|una papel|hoja|lata|vidrio|sobre`,
		`por accidente`,
		`el|la|los|las|un|una|mi|mis dedo|pelo|cabello|unas|una|una|flequillo|rodilla|mano|pie|tobillo|cabeza|labio|lengua|frente|barba`,
	}
	// Markers of the far past, for matches in the past tense: "years ago",
	// "when i was 16", "back then", "el año pasado", "cuando era niña".
	distantPats = []string{
		`last year|summer|winter|spring|fall|autumn|decade|christmas`,
		`( %num | a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|few|couple|many|several|some|bunch|number ) [of] year|years|decade|decades ago|back|before|earlier`,
		`years|decades|ages|long ago|back`,
		`long time ago`,
		`when i was|were`,
		`as a kid|child|teen|teenager|student|youngster|young`,
		`in high|middle school|college`,
		`in ( college|university|school|highschool|uni | %num )`,
		`in my teens|twenties|thirties|20s|30s|teen|youth|childhood|adolescence|past|younger`,
		`in the past !week|weeks|month|months|day|days|few|couple|hour|hours|night|year|24|48`,
		`most|all|much of my teens|twenties|thirties|childhood|youth|adolescence|20s|30s`,
		`back then|when|in`,
		`used|use to`,
		`growing up`,
		`it has|is been years|ages|decades`,
		`el ano pasado`,
		`hace [ %num | un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|muchos|varios|unos|algunos|bastantes|mucho ] anos|ano|decadas|tiempo|mucho`,
		`cuando era|tenia|estaba|iba|estudiaba|vivia|eramos`,
		`de nino|nina|joven|adolescente|chico|chica|pequeno|pequena|chiquito|chiquita|nina`,
		`en la prepa|secundaria|preparatoria|universidad|escuela|primaria`,
		`en mi adolescencia|juventud|infancia|ninez`,
		`en el pasado`,
		`en %num`,
		`en aquel|ese entonces`,
		`antes|solia`,
	}
)

// guard names what decided a rule's match was not a risk.
type guard uint8

const (
	gNone     guard = iota
	gContext        // the means or the death it needs is not mentioned
	gIdiom          // "die of embarrassment", "cut myself some slack"
	gAccident       // "cut myself shaving"
	gGame           // a threat inside a game
	gLaugh          // a threat followed by laughter
	gReason         // an ordinary reason: a trip, a new one bought
	gMention        // a film, a training, a question somebody asked
	gNegation       // "i'm not going to hurt myself"
	gOther          // somebody else's words: a concern
	gPast           // the far past: a concern
	nGuards
)

// guardNames name the guards in the model's features; changing one
// changes the features, so the model must be trained again.
var guardNames = [nGuards]string{"none", "context", "idiom", "accident", "game", "laugh", "reason", "mention", "negation", "other", "past"}

var (
	disarmProgs, tailGenericProgs, tailKillProgs, tailHarmProgs, distantProgs []program
)

func compileAll(pats []string) []program {
	var out []program
	for _, p := range pats {
		prog, _, err := compilePattern(p, nil, false)
		if err != nil {
			panic("risk: guard pattern " + p + ": " + err.Error())
		}
		out = append(out, prog)
	}
	return out
}

func setupGuards() {
	disarmProgs = compileAll(disarmPats)
	tailGenericProgs = compileAll(tailGeneric)
	tailKillProgs = compileAll(tailKill)
	tailHarmProgs = compileAll(tailHarm)
	distantProgs = compileAll(distantPats)
}

func setupProps() {
	var ids []struct {
		id int32
		p  uint32
	}
	for _, pw := range propWords {
		for _, w := range strings.Fields(pw.words) {
			w = strings.TrimSuffix(w, "?")
			if strings.Contains(w, "_") {
				continue // multi-word entries are handled by patterns
			}
			ids = append(ids, struct {
				id int32
				p  uint32
			}{intern(w), pw.p})
		}
	}
	props = make([]uint32, len(vocabWords))
	for _, x := range ids {
		props[x.id] |= x.p
	}
}

// anyAt reports whether one of progs matches at pos in the clause words.
func anyAt(progs []program, ids []int32, flags []uint8, pos int) bool {
	for _, p := range progs {
		if p.match(0, ids, flags, pos) >= 0 {
			return true
		}
	}
	return false
}

// judge decides what the match of r at words [s, e) of clause cl means,
// and which guard decided it when it is not r's own category. The model
// reads the guards: a negation or an idiom that cancelled a rule is a
// reason for it to stay quiet too.
func (d *doc) judge(r *rule, cl span, s, e int) (Category, guard) {
	ids, flags := d.ids[cl.s:cl.e], d.flags[cl.s:cl.e]
	ls, le := s-cl.s, e-cl.s // positions within the clause

	// Context: "i know what it's for" means something only next to rope,
	// pills or a gun somewhere in the text.
	if r.ctx != nil && !d.mentions(r.ctx) {
		return None, gContext
	}
	// Idioms: "i'd die of embarrassment", "killing myself trying to...".
	if anyAt(tailGenericProgs, ids, flags, le) {
		return None, gIdiom
	}
	switch r.idiom {
	case idiomKill:
		if anyAt(tailKillProgs, ids, flags, le) {
			return None, gIdiom
		}
	case idiomHarm:
		if anyAt(tailHarmProgs, ids, flags, le) {
			return None, gIdiom
		}
		for k := max(0, ls-10); k < min(len(ids), le+10); k++ {
			if propsOf(ids[k])&propAccident != 0 {
				return None, gAccident
			}
		}
	}
	// "i'm going to hurt him so bad in fortnite".
	if r.cat == HarmToOthers {
		for k := max(0, ls-15); k < min(len(ids), le+15); k++ {
			if propsOf(ids[k])&propGame != 0 {
				return None, gGame
			}
		}
		// "i'm going to kill my brother if he eats my leftovers again
		// haha", "te mato si me spoileas la serie jaja": laughter marks
		// a threat as banter. It does not mark "i want to die lol", which
		// is often meant.
		if d.laughs() {
			return None, gLaugh
		}
	}
	// An ordinary reason elsewhere in the text: "i won't be here next
	// week, i'm on vacation".
	if r.unless != nil && d.matchesAny(r.unless) {
		return None, gReason
	}
	// Mentions: a film, a song, a training, a question somebody asked.
	if le < len(ids) && propsOf(ids[le])&propCompound != 0 {
		return None, gMention
	}
	for k := ls - 1; k >= 0 && k >= ls-12; k-- {
		p := propsOf(ids[k])
		if p&propFirst != 0 {
			break
		}
		if p&propTopic != 0 {
			return None, gMention
		}
	}
	// A reported question: "my therapist asked if i was suicidal".
	asked := false
	for k := ls - 1; k >= 0 && k >= ls-6; k-- {
		p := propsOf(ids[k])
		if p&propIf != 0 {
			asked = true
		}
		if p&propAsk != 0 && asked {
			return None, gMention
		}
	}
	for k := le; k < len(ids) && k < le+12; k++ {
		p := propsOf(ids[k])
		if p&propFirst != 0 {
			break
		}
		if p&propTopicAfter != 0 {
			return None, gMention
		}
	}
	if !r.noNeg && negated(ids, flags, ls) {
		return None, gNegation
	}
	if !r.noSubj && someoneElse(r, ids, flags, ls, le) {
		return ConcernOther, gOther
	}
	if longAgo(r, ids, flags, ls, le) {
		return ConcernPast, gPast
	}
	return r.cat, gNone
}

// negated reports whether the words before position s negate the match:
// "i'm not going to hurt myself", "i would never", "no me voy a hacer
// daño", "no plans to hurt myself". The search stops at the writer as
// subject ("i'm not ok and i want to die": the second "i" starts afresh)
// and at "and"/"because"; "i don't think i'd ever" keeps its negation.
func negated(ids []int32, flags []uint8, s int) bool {
	for k := s - 1; k >= 0 && k >= s-8; k-- {
		p := propsOf(ids[k])
		if p&(propFirst|propConj) != 0 {
			return p&propFirst != 0 && raised(ids, flags, k)
		}
		if p&propNeg != 0 && !disarmed(ids, flags, k) {
			return true
		}
	}
	return false
}

// raised finds "do not think" or "no creo" shortly before position k.
func raised(ids []int32, flags []uint8, k int) bool {
	for j := k - 1; j >= 1 && j >= k-4; j-- {
		if propsOf(ids[j])&propRaise != 0 && propsOf(ids[j-1])&propNeg != 0 && !disarmed(ids, flags, j-1) {
			return true
		}
	}
	return false
}

func disarmed(ids []int32, flags []uint8, k int) bool {
	for start := max(0, k-2); start <= k; start++ {
		for _, p := range disarmProgs {
			if end := p.match(0, ids, flags, start); end > k {
				return true
			}
		}
	}
	return false
}

// someoneElse reports whether the match is about another person: a
// third-person verb or object inside it ("he wants to", "kill herself",
// "quiere matarse"), or a third-person subject before it with no "i" in
// between ("my brother attempted", "a friend who is suicidal").
func someoneElse(r *rule, ids []int32, flags []uint8, s, e int) bool {
	for k := s; k < e; k++ {
		p := propsOf(ids[k])
		if r.objOK || r.cat == HarmToOthers {
			// The object of a threat is somebody else by definition;
			// only the first words can say who makes it ("he wants to").
			if k < s+2 && p&propVerb3 != 0 && !r.objOK {
				return true
			}
			continue
		}
		if p&(propVerb3|propRefl3) != 0 {
			// "part of me wants to die": "me" is the subject.
			if p&propVerb3 != 0 && k > 0 && ids[k-1] == meID {
				continue
			}
			return true
		}
	}
	for k := s - 1; k >= 0 && k >= s-10; k-- {
		p := propsOf(ids[k])
		if p&propFirst != 0 {
			return false
		}
		if p&propThird != 0 {
			// Spanish "he" is "i have": "he estado guardando pastillas".
			if ids[k] == heID && k+1 < len(ids) && flags[k+1]&fParticiple != 0 {
				continue
			}
			return true
		}
	}
	return false
}

// longAgo reports whether the match tells of something past and far back:
// "i attempted when i was 16", "i used to cut", "intenté suicidarme hace
// muchos años". A past act with no time given, or "last night", stays a
// risk: a recent attempt is exactly when support matters.
func longAgo(r *rule, ids []int32, flags []uint8, s, e int) bool {
	// The tense is in the match ("wanted to die") or just before it ("i
	// tried to kill myself", "i was suicidal", "i used to cut"), or a
	// habit governs it from further back ("i used to think everyone
	// would be better off without me"), unless a new subject or an "and"
	// comes between.
	past := r.past
	for k := max(0, s-3); k < e && !past; k++ {
		past = propsOf(ids[k])&(propPast|propHabitual) != 0
	}
	for k := s - 1; k >= 0 && k >= s-8 && !past; k-- {
		p := propsOf(ids[k])
		if p&(propFirst|propConj) != 0 {
			break
		}
		past = p&propHabitual != 0
	}
	if !past {
		return false
	}
	for k := max(0, s-15); k < min(len(ids), e+15); k++ {
		if anyAt(distantProgs, ids, flags, k) {
			return true
		}
	}
	return false
}

// laughs reports whether the text laughs: "haha", "jajaja", "lol", "xD"
// or a laughing emoji.
func (d *doc) laughs() bool {
	if d.laugh == 0 {
		d.laugh = -1
		if strings.ContainsAny(d.text, "😂🤣😆😹😜😝") {
			d.laugh = 1
		}
		for _, r := range d.raws {
			if d.laugh < 0 && !r.brk && isLaugh(r.text) {
				d.laugh = 1
			}
		}
	}
	return d.laugh > 0
}

// isLaugh recognises written laughter in any length: "haha", "jajajaja",
// "jsjs", "lmao".
func isLaugh(w string) bool {
	switch strings.ToLower(w) {
	case "lol", "lool", "lmao", "lmfao", "rofl", "xd", "jsjs", "jsjsjs":
		return true
	}
	if len(w) < 4 {
		return false
	}
	w = strings.ToLower(w)
	h := w[0]
	if h != 'h' && h != 'j' {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if i%2 == 0 && c != h || i%2 == 1 && c != 'a' && c != 'e' && c != 'i' {
			return false
		}
	}
	return true
}

// matchesAny reports whether one of the patterns of u matches anywhere in
// the text, remembering the answer per set.
func (d *doc) matchesAny(u *unlessSet) bool {
	for len(d.unlessSeen) <= u.n {
		d.unlessSeen = append(d.unlessSeen, 0)
	}
	if v := d.unlessSeen[u.n]; v != 0 {
		return v > 0
	}
	d.unlessSeen[u.n] = -1
	for _, cl := range d.clauses {
		ids, flags := d.ids[cl.s:cl.e], d.flags[cl.s:cl.e]
		for k := range ids {
			if anyAt(u.progs, ids, flags, k) {
				d.unlessSeen[u.n] = 1
				return true
			}
		}
	}
	return false
}

// mentions reports whether any word of the text is in set, remembering the
// answer per set.
func (d *doc) mentions(set *ctxSet) bool {
	if len(d.ctxSeen) == 0 {
		d.ctxSeen = append(d.ctxSeen, make([]int8, len(ctxSets))...)
	}
	if v := d.ctxSeen[set.n]; v != 0 {
		return v > 0
	}
	d.ctxSeen[set.n] = -1
	for _, id := range d.ids {
		if set.words.has(id) {
			d.ctxSeen[set.n] = 1
			break
		}
	}
	return d.ctxSeen[set.n] > 0
}
