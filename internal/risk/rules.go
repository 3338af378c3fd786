package risk

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// A rule is a pattern of intent, act and object, written in the pattern
// language of pattern.go, with options for the guards:
//
//	self     the pattern itself names the writer ("better off without me"),
//	         so no subject check
//	obj      a third-person word inside the match is the object, not the
//	         subject ("join him" after a death)
//	noneg    a negation before the match does not undo it ("i don't see a
//	         way out except dying")
//	past     the pattern tells of a completed act, so far-past markers
//	         ("years ago") make it a concern, not a risk
//	kill     everyday idioms after the match cancel it ("killing myself
//	         trying to finish this")
//	harm     accidents and idioms cancel it ("cut myself shaving", "beat
//	         myself up", "me corté el dedo cocinando")
//	ctx:name the match counts only when the text also mentions a word of
//	         the named context set (a means, a weapon, a death)
//	unless:name the match does not count when the text also matches one of
//	         the named patterns (an ordinary reason: "i'm on vacation")
//	weak:kind the phrase is too vague alone ("thanks for everything",
//	         "tonight is the night", "ya tengo el cuchillo"): it counts only
//	         together with a weak phrase of another kind in the same text
//	any      with weak: the phrase says how serious, not what ("i mean it",
//	         a means at hand), so the verdict takes the other phrase's
//	         category and two such phrases are not enough
type spec struct {
	cat  Category
	pat  string
	opts string
}

const (
	idiomNone = iota
	idiomKill
	idiomHarm
)

type rule struct {
	lang   langMask
	cat    Category
	pat    string
	prog   program
	noSubj bool
	objOK  bool
	noNeg  bool
	past   bool
	idiom  int
	ctx    *ctxSet
	unless *unlessSet
	weak   int  // 1 + index into weakKinds; 0 for a rule that counts alone
	anyCat bool // a weak phrase with no category of its own
}

type unlessSet struct {
	n     int
	progs []program
}

// weakKinds names the kinds of weak phrase, in the order first used.
var weakKinds []string

// softKind marks, by 1 + index into weakKinds, the kinds that are everyday
// sign-offs: two of them ("bye! love you all") are not enough.
var softKind = map[int]bool{}

var softKinds = []string{"bye", "love", "thanks"}

type ctxSet struct {
	n     int
	words wordSet
}

// Context sets, for rules that need two signals: a vague phrase and a
// means or a weapon. "i know what it's for" is nothing alone and a plan
// next to "i bought rope today".
var ctxWords = map[string]string{
	"means": `pills pill meds rope ropes noose gun guns pistol rifle knife knives razor razors
		blade blades bottle bridge cord belt ledge roof tylenol xanax painkillers
		pastillas cuerda soga navaja pistola arma`,
	"weapon": `gun guns pistol rifle shotgun handgun knife knives blade bat machete axe weapon weapons
		firearm ammo bullets glock revolver loaded pistola arma armas cuchillo navaja
		escopeta bate machete balas revolver`,
	"height": `roof rooftop ledge edge bridge building balcony cliff window tower top floor parapet
		puente edificio azotea techo ventana balcon acantilado cornisa piso`,
	"death": `died dead death passed gone lost heaven grave funeral widow widower murio muerto
		muerta fallecio perdi cielo`,
	"plan": `letters letter note notes pills plan plans planning planned planeado planeando die
		death dying kill suicide gun rope goodbye goodbyes end ending overdose bridge jump
		noose life`,
	// Medicines and drugs, for questions of how much is lethal: "which
	// over the counter stuff is deadliest", "qué pastillas son más letales".
	"drugs": `pills pill meds medication medications medicine medicines tablets painkillers
		tylenol paracetamol acetaminophen ibuprofen advil aspirin insulin xanax benzos opioids
		oxy oxycodone fentanyl heroin antidepressants sleeping counter
		pastillas pastilla pildoras medicamentos medicamento medicinas clonazepam
		rivotril tafil`,
	"garage":  `garage garaje cochera encerre encerrado encerrada`,
	"takees":  `tomar tomarme tome tomo tomando tragar tragarme trague trago`,
	"letters": `letter letters note notes card cards carta cartas nota notas`,
	"farewell": `sorry done forever love forgive last tired burden end ending pills rope
		anymore longer`,
	"after": `sorry miss insurance long better goodbye letter letters funeral regret realize
		happy care notice will`,
}

var ctxSets = map[string]*ctxSet{}

// unlessPats are ordinary reasons that cancel a rule with unless:name
// wherever they appear in the text: "i won't be here next week" is a
// goodbye, "i won't be here next week, i'm on vacation" is not.
var unlessPats = map[string][]string{
	// "safe" and "routine" also hold the errands: "i gave my guns to my
	// brother while i'm in a rough patch", "pills ready for the week".
	"errand":  errandPats,
	"safe":    append(safePats, errandPats...),
	"routine": append(routinePats, errandPats...),
	// A goodbye letter as an exercise: "a goodbye letter to alcohol".
	"therapy": {
		`to|for alcohol|drinking|drugs|addiction|smoking|cigarettes|booze|weed|meth|heroin|ed|anorexia|bulimia|depression|anxiety`,
		`to|for my ~1 addiction|disorder|self|job|team|ex|old|younger|past|anxiety|depression`,
		`exercise|assignment|homework|prompt`,
	},
	// Justice, not revenge: "i want to see him suffer in court".
	"legal": {
		`court|courts|legally|legal|jail|prison|justice|lawsuit|sue|suing|sentence|sentenced|karma|lawyer|police|judge|trial`,
		`carcel|juicio|justicia|demanda|abogado|policia|juez|karma|ley`,
	},
	// A goodbye that plans to meet again, or has a reason, is an
	// ordinary goodbye.
	"later": append([]string{
		`see|talk|catch you|u|yall|everyone|all ( later|soon|tomorrow|tmrw|next|then|on|at|in|thursday|friday|monday|tuesday|wednesday|saturday|sunday|there )`,
		`see you|u|yall $`,
		`ttyl|cya|later|laters`,
		`nos vemos|hablamos|vemos`,
		`hasta luego|manana|pronto|el|la|la proxima`,
		`next week|time|session|meeting|month`,
		`la|el proxima|proximo semana|sesion|reunion|mes|vez`,
		`( going|go|off ) to ( bed | sleep !forever|and|for ) | goodnight|gn|nite | good night`,
		`buenas noches | me voy a dormir !para|y`,
	}, errandPats...),
}

// safePats are a means put out of reach, which is what a safety plan
// asks for: "i gave my guns to my brother to hold".
var safePats = []string{
	`to hold | hold onto | hold on to | hold them|it|my | safekeeping | keep ~2 safe | lock|locked|locking ~2 up|away | lockbox | safety plan | to be safe | stay safe | keep me safe`,
	`para guardar | guardarlas|guardarlos | que me las|los guarde|guarden | bajo llave | plan de seguridad | para estar segura|seguro | por seguridad`,
}

// routinePats are a medicine taken as prescribed: "my pills are ready for
// the week in my organizer".
var routinePats = []string{
	`pharmacy|pharmacist|refill|refills|prescription|prescribed|organizer|pillbox|dosette|doctor|vitamins|weekly|daily|breakfast|dinner|bedtime|routine`,
	`for the week | every day|morning|night | each day|morning|night`,
	`farmacia|receta|recetadas|organizador|pastillero|vitaminas|desayuno|cena|diario|diarias`,
	`para la semana | cada dia|manana|noche | todos los dias`,
}

// errandPats are ordinary reasons for going away or giving things up: a
// trip, a move, a new one bought.
var errandPats = []string{
	`trip|trips|travel|traveling|travelling|vacation|vacations|holiday|appointment|appt|shift|flight|plane|airport|conference|wedding|camp|surgery|visiting|relocating|internship|deployment|deployed|honeymoon|cruise|festival|retreat|abroad|graduating|graduation`,
	`moving|move|moved|relocating ( abroad|away|to|out|house|back|cities|states|country|home )`,
	`out of town|state|office`,
	`since|because|cause|as i ( got|bought|have|upgraded|replaced|switched|found ) ( a|an|the|my ) ~1 new|better|another|replacement`,
	`viaje|viajes|viajando|vacaciones|cita|turno|vuelo|boda|congreso|campamento|cirugia|operacion|mudanza|mudando|mudo|mude|visitando|extranjero`,
	`fuera de la ciudad`,
	`( heading|headed | on my way | off ) to ( work|school|class|bed|sleep|church | the gym|office|store | my shift )`,
	`( porque | ya que ) ( compre|tengo|consegui ) ( uno|una|otro|otra ) ~1 nuevo|nueva`,
}

var unlessSets = map[string]*unlessSet{}

// macros are named alternatives shared by the rules.
var macros = map[string]string{
	// English
	"self":  `myself|ourselves|myslf`,
	"aself": `myself|ourselves|myslf|himself|herself|themselves|themself|yourself|yourselves|urself|hisself|oneself`,
	"kill":  `kill|kills|killing|killed|unalive|unalives|unaliving|unalived|off|offs|offing|offed|murder|murdering|end|ending`,
	// Desire: "want to die", "ready to die", "deserve to die".
	"want": `want|wants|wanted|wanting|wish|wishes|wished|wishing|need|needs|needed|needing|deserve|deserves|long|longing|ready|prepared|crave|craving|tempted|yearn|yearning|prefer|urge|urges|impulse|impulses`,
	// Plans and modals: "going to", "about to", "will", "should just".
	"intent": `going|about|planning|plan|plans|planned|decided|decide|deciding|determined|trying|try|tries|tried|attempted|attempt|attempting|attempts|intend|intending|intends|got|have|has|had|will|shall|would|might|may|should|must|able`,
	// Thinking about it, looking it up.
	"thought": `think|thinks|thinking|thought|thoughts|consider|considering|considered|contemplate|contemplating|contemplated|fantasize|fantasizing|fantasise|fantasising|fantasized|fantasies|fantasy|dream|dreaming|dreamt|dreamed|daydream|daydreaming|obsess|obsessing|obsessed|imagine|imagining|imagined|picture|picturing|pictured|visualize|visualizing|google|googling|googled|research|researching|researched|search|searching|searched|looked|looking`,
	"about":   `about|of|up|into|over|on|how`,
	"high":    `bridge|roof|rooftop|building|balcony|cliff|ledge|window|tower|overpass|garage|skyscraper|train|trains|bus|truck|lorry|car|cars|traffic|tracks|subway|metro|highway|freeway|motorway|platform|railway|parapet`,
	"drug":    `sleeping|sleep pills|tablets|meds | pills|pill|meds|medication|medications|medicine|medicines|tablets|painkillers|sleeping|xanax|tylenol|paracetamol|acetaminophen|ibuprofen|advil|aspirin|oxy|oxycodone|insulin|benzos|opioids|fentanyl|fent|heroin|dope|bag|baggie|stash|antidepressants|antidepressant|ambien|lithium|seroquel|lexapro|zoloft|prozac|bottle|bottles|cabinet`,
	// What a question about a means is for: "how many would it take to
	// not wake up", "enough to do it".
	"dieend": `die|overdose|od | kill myself|me | end it [all] | end my life | not|never wake [up] | sleep forever | stop my heart | do it`,
	"body":   `arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|hip|hips|forearm|forearms|ankle|ankles|chest|belly|hand|hands|face|head|knuckles|fingers|shoulder|shoulders|neck|ribs`,
	"family": `mom|mum|mommy|mama|dad|daddy|papa|grandma|grandpa|nana|granny|jesus|god`,
	"weapon": `gun|guns|pistol|rifle|shotgun|handgun|knife|knives|blade|bat|machete|axe|weapon|firearm|glock|revolver`,
	"hverb":  `kill|murder|hurt|harm|stab|shoot|strangle|choke|slaughter|poison|torture|attack|knife|shank|smother|suffocate|drown|execute|maim|massacre|butcher|kidnap|rape|end|unalive|merk|murk`,
	// People a threat can be aimed at. "this exam", "the lights" and
	// "time" are not people, which keeps "kill this exam" out.
	"pnoun":   `boss|ex|stepdad|stepmom|stepfather|stepmother|dad|father|mom|mum|mother|brother|sister|wife|husband|boyfriend|girlfriend|bf|gf|partner|coworker|coworkers|colleague|colleagues|neighbor|neighbors|neighbour|neighbours|teacher|teachers|roommate|landlord|kid|kids|baby|babies|son|daughter|child|children|family|friend|friends|guy|guys|girl|man|woman|bitch|bastard|idiot|asshole|people|cop|cops|manager|uncle|aunt|cousin|classmate|classmates|student|students|grandma|grandpa|bully|bullies|fiance|fiancee|exhusband|exwife|exboyfriend|exgirlfriend|supervisor|principal|pastor|priest|doctor|therapist|dude|prick|cunt|motherfucker|fucker|jerk|stepson|stepdaughter|parents|inlaws|ceo|officer|customer|tenant|driver`,
	"person":  `him|her|them|you|everyone|everybody|someone|somebody|anyone|anybody|whoever|people | all of them | every one of them | ( my|his|her|their|our|your|that|this|the|those|these|some|every|a ) ~2 @pnoun`,
	"hintent": `want|wants|wanted|wanting|going|about|planning|plan|plans|decided|ready|need|needs|will|shall|would|tempted|urge|urges|swear|intend|intending|got|have`,
	"place":   `school|office|work|workplace|church|mall|place|party|club|class|campus|building|store|station|concert|synagogue|mosque|temple|hospital|plant|factory|warehouse|meeting|house|home|college|university|restaurant|bar`,

	// Spanish
	// Desire, plan and thought before an infinitive: "quiero morirme",
	// "voy a matarme", "pienso en suicidarme", "ganas de morir".
	"esint": `( quiero|quisiera|queria|quiere|quieren|deseo|necesito|planeo|prefiero|decidi|intente|intento|quise|querer|queriendo|pienso|pense|pensando|pensar|pensado|pensaba|considerando|considero|contemplando|fantaseando|imaginando|planeando|sueno|fantaseo|trate|tratar ) [en|de|con|como] | ( voy|vamos|va|van|iba|vas ) a | ( estoy|estaba ) por | ganas de | me gustaria | ( lista|listo|dispuesta|dispuesto|decidida|decidido ) [a|para] | a punto de | ojala`,
	// Suicide as an infinitive, with the pronoun that says who.
	"esdie":  `matarme|matarse|suicidarme|suicidarse|suicidar | [el] suicidio | ( quitarme|quitarse ) la vida | ( acabar|terminar ) con ( mi|su ) ( vida|existencia ) | ( acabar|terminar ) con todo !el|la|lo|los|las|mi|mis|este|esta|eso|esto|tu|su | ahorcarme|ahorcarse|envenenarme|envenenarse | ( colgarme|colgarse ) !el|la|los|las|un|una|mi|tu|su|unos|unas | dejar de ( existir|vivir ) | desaparecer para siempre | desaparecer ( del|de ) [este] mundo | ( irme|irse ) de este mundo | ( irme|irse ) para siempre | ( pegarme|pegarse|darme|darse ) un ( tiro|balazo ) | no ( despertar|despertarme|existir ) | no volver a despertar | ( dormir|dormirme ) para siempre`,
	"esharm": `lastimarme|lastimarse|autolesionarme|autolesionarse|quemarme|quemarse|golpearme|golpearse|herirme|herirse|rasgunarme|castigarme | ( hacerme|hacerse ) ( dano|danio ) | ( cortarme|cortarse ) ( las|los ) ( venas|brazos|munecas|piernas|muslos ) | ( cortarme|cortarse ) !el|la|los|las|un|una|mi|mis|tu|su`,
	"alto":   `puente|edificio|azotea|techo|ventana|balcon|vias|via|tren|metro|carretera|acantilado|piso|precipicio|camion|coche|carro|auto|trafico|autopista|risco|torre|barranco|segundo|tercer|decimo`,
	"esdrug": `pastillas|pastilla|pildoras|medicamentos|medicinas|frasco|caja|pastillero|botiquin|clonazepam|paracetamol|tafil|rivotril`,
	// Threats: the verb, the person, and the clitic pronoun ("lo voy a
	// matar") or enclitic one ("quiero matarlo").
	"eshverb":   `matar|asesinar|apunalar|acuchillar|balear|ahorcar|estrangular|golpear|madrear|lastimar|herir|envenenar|quemar|atropellar|rajar|degollar|disparar | hacer ( dano|danio ) | ( pegar|meter|dar ) un ( tiro|balazo|plomazo ) | ( romper|partir|reventar ) la ( cabeza|cara|madre|crisma|jeta ) | romper el cuello | dar en la madre | ( clavar|enterrar|meter ) ( un|el|mi|una|la ) ( cuchillo|navaja|punal|fierro|cuchillada|punalada )`,
	"eshclitic": `matarlo|matarla|matarlos|matarlas|matarte|matarle|matarles|asesinarlo|asesinarla|asesinarte|apunalarlo|apunalarla|apunalarte|acuchillarlo|acuchillarla|balearlo|balearla|ahorcarlo|ahorcarla|estrangularlo|estrangularla|estrangularte|golpearlo|golpearla|golpearte|madrearlo|madrearla|lastimarlo|lastimarla|lastimarte|lastimarlos|herirlo|herirla|envenenarlo|envenenarla|quemarlo|quemarla|atropellarlo|atropellarla|dispararle|dispararles|dispararte | ( hacerle|hacerles|hacerte ) ( dano|danio ) | ( pegarle|pegarte|meterle|darle ) un ( tiro|balazo|plomazo ) | ( romperle|partirle|romperte|partirte|reventarle ) la ( cabeza|cara|madre|crisma|jeta ) | ( clavarle|enterrarle|meterle ) ( un|el|mi|una|la ) ( cuchillo|navaja|punal|fierro|cuchillada|punalada )`,
	"espnoun":   `jefe|jefa|ex|padrastro|madrastra|papa|mama|padre|madre|hermano|hermana|esposo|esposa|marido|mujer|novio|novia|pareja|companero|companera|companeros|vecino|vecina|vecinos|maestro|maestra|profesor|profesora|hijo|hija|hijos|bebe|nino|nina|ninos|amigo|amiga|amigos|tipo|tipa|vieja|viejo|idiota|cabron|cabrona|pendejo|pendeja|perra|gente|primo|prima|tio|tia|abuelo|abuela|suegra|suegro|cunado|cunada|familia|desgraciado|desgraciada|imbecil|estupido|estupida|supervisor|gerente|policia|maldito|maldita|expareja|exnovio|exnovia|exesposo|exesposa|exmarido`,
	"esperson":  `todos|todas|alguien|cualquiera|ustedes|ellos|ellas|ella | ( mi|mis|ese|esa|esos|esas|el|la|los|las|tu|su|sus|este|esta|estos|estas|aquel|aquella ) ~1 @espnoun`,
	"esarma":    `pistola|arma|cuchillo|navaja|rifle|escopeta|revolver|machete|cuerno`,
	// Dying, in the words of a question about a means: "cuántas hacen
	// falta para no despertar".
	"esfin":    `morir|morirme|matarme|suicidarme | no despertar|despertarme | no volver a despertar | dormir para siempre | acabar con todo | quitarme la vida | que sea mortal|letal`,
	"esfamily": `mama|papa|mami|papi|abuela|abuelo|abuelita|abuelito|dios|hijo|hija|esposo|esposa`,
}

// English rules. Each group says why it exists. Order matters only for
// which phrase is reported when several match at the same word.
var enRules = []spec{
	// Suicide: the act on oneself, however it is spelt. "kill myself",
	// "kms", "unalive myself", "k!ll mys3lf", "off myself".
	{Suicide, `@kill @aself`, "kill"},
	{Suicide, `hang|hanging|hanged|hung|shoot|shooting|shot|poison|poisoning|poisoned|gas|gassing|suffocate|suffocating|electrocute|electrocuting|strangle|strangling|smother @aself`, "kill"},
	{Suicide, `drown|drowning|drowned @aself !in`, ""},
	{Suicide, `throw|throwing|threw|hurl|hurling|fling @aself off|from|in|under|into|onto|out|before`, ""},
	{Suicide, `take|takes|taking|took|taken|end|ends|ending|ended my|his|her|their|your [own] life|lives`, ""},
	{Suicide, `slit|slitting|slice|slicing|open|opening my|his|her|their wrists|wrist|throat|veins`, ""},
	{Suicide, `commit|commits|committing|committed|comited|attempt|attempts|attempting|attempted [to] [commit] suicide`, ""},
	{Suicide, `use|using|used|turn|turning|turned ( it|them|this|that | the|my|a gun|knife|pills|rope|razor|blade ) on myself|me`, ""},
	{Suicide, `gun|pistol|rifle|knife|blade|razor|barrel to|against|at|in my head|throat|wrist|wrists|temple|chest|neck|mouth|heart`, ""},
	// "end it", "end things" with intent: "i'm going to end it tonight",
	// "i keep thinking about ending it", "i'm ending it". Not "end it with
	// her" (a relationship) nor "end the meeting".
	{Suicide, `( @want | @intent | @thought [@about] | am|is|are ) [to] end|ending ( it [all] | things | everything | my life | this life | my existence ) !with|between|for|off|up|early|there|here|on|in`, ""},
	{Suicide, `end|ending it all !with|between|for`, ""},
	{Suicide, `night|day|time [when|that] i end|ending it|things|everything !with|between|for`, ""},
	{Suicide, `@want ( it [all] | everything | all of it | my life | life | it all ) [all] to ( end|stop | be over )`, ""},
	// Wanting to die or to be dead. Not "dying to see it", "i'd die for my
	// kids", "i'd rather die than give a speech".
	{Suicide, `@want to die !of|from|for|on|inside|laughing|trying|happy|old|young|rich|alone`, ""},
	{Suicide, `@want to be dead !inside`, ""},
	{Suicide, `would rather die|be dead !than`, ""},
	{Suicide, `should die|disappear !of|from|for|laughing|happy|old|young|alone`, ""},
	{Suicide, `might|may as well ( die | be dead ) !of|from|laughing|happy|old`, ""},
	{Suicide, `better|rather off dead|gone`, ""},
	{Suicide, `wish|wished|wishing|hope|hoping|hoped|pray|praying|prayed [that] i [would|could|will|might|can|do] die`, ""},
	{Suicide, `wish|wished|wishing|hope|hoping|hoped|pray|praying|prayed [that] i ( was|were|am | could|would be ) dead`, ""},
	{Suicide, `wish|wished|wishing|hope|hoping|hoped|pray|praying|prayed [that] i ( would|will|do|did|could|can|might ) not|never wake|exist`, ""},
	{Suicide, `wish|wished|wishing|hope|hoping|hoped|pray|praying|prayed [that] i never wake|existed`, ""},
	{Suicide, `wish|wished|wishing [that] i had|was|were never [been] born`, ""},
	{Suicide, `wish|wished|wishing|hope|hoping [that] i could|would|can|will ( disappear|vanish|die | stop existing | end it [all] | end things | end my life | kill myself | sleep forever !on|every|until|till|at|in | fall|go [to] asleep forever !on|every|until|till|at|in )`, ""},
	// The negative life wish: "i don't want to live anymore", "i no
	// longer want to be alive", "i don't want to wake up tomorrow". Not
	// "live with my parents", "wake up early".
	{Suicide, `( do|does|did not | no longer | never ) want|wish|need to live ( in this world | on this earth | this life )`, ""},
	{Suicide, `( do|does|did not | no longer | never ) want|wish|need to live !with|in|like|alone|there|near|close|by|at|here|forever|without|on|under|through|a|my|your|for`, ""},
	{Suicide, `( do|does|did not | no longer | never ) want|wish|need to ( be alive | exist | be here anymore | be around anymore | be here|around|alive next year|week|month | be here|around|alive much longer | keep living | keep going | keep existing | keep breathing | be on this earth | be in this world | exist anymore | go on $ | go on anymore | breathe anymore | be anymore )`, ""},
	{Suicide, `( do|does|did not | no longer | never ) want|wish|need to wake [up] !early|at|before|for|late|in|with|to|alone|next`, ""},
	// "there's no reason to live", "nothing left to live for", "what's the
	// point of going on". Not "the point of this meeting", "going on a trip".
	{Suicide, `no|not|nothing ~2 reason|reasons|point|purpose ~2 to|in|of|for [me|my] ( live|living|exist|existing | life $ | go|going|keep|keeping|carry|carrying on $ | go|going|keep|keeping|carry|carrying on anymore | keep|keeping going|living | stay|staying|be|being alive | wake|waking up $ | be|being here )`, ""},
	{Suicide, `nothing|nobody|noone [left] to live for`, ""},
	{Suicide, `what is the point of|in ( living|life|existing|anything|it | being|staying alive | going|carrying|keep on $ | going|carrying on anymore | going on living | waking up $ | being here | any of it | trying anymore )`, ""},
	{Suicide, `what is the point anymore`, ""},
	{Suicide, `not worth ( living | it|going|fighting|waking anymore | going on )`, ""},
	{Suicide, `life|living is not worth it`, ""},
	{Suicide, `tired|sick|weary|exhausted|done of|with ( living|life|existing|breathing | being|staying alive | being|staying here $ | this life | it all )`, ""},
	// "everyone would be better off without me", "they'd be relieved if i
	// was gone", "happier if i wasn't here".
	{Suicide, `better|happier|easier|relieved|lighter|fine|okay|ok|safer|freer [off] without me !for|at|this|tonight|today|tomorrow|while|on|next|there`, "self"},
	{Suicide, `better|happier|easier|relieved|lighter [off] ~1 if|when|once i was|were|am|is ( dead|gone | out of the picture|way )`, "self"},
	{Suicide, `better|happier|easier|relieved|lighter [off] if|when|once i was|were|am|had|did|do|could|would not|never ( here|around|alive|born|exist|existed | been|be here|around|born )`, "self"},
	{Suicide, `better|happier|easier|relieved|lighter [off] if|when|once i ( died|disappeared|vanished|die|disappear | killed|kill myself | never existed | was|were never born )`, "self"},
	{Suicide, `with me gone|dead`, "self"},
	// "nobody would miss me", "no one would care if i killed myself".
	{Suicide, `( nobody|noone | no one ) ~3 miss|mourn me`, "self"},
	{Suicide, `( nobody|noone | no one ) ~3 care|notice|cry|realize|miss ~2 [if|when|that] i ~3 gone|died|dead|disappeared|killed|die|disappear|kill|vanished`, "self"},
	// "i won't be around much longer", "i won't be here tomorrow".
	{Suicide, `( will not | am|is|are not going to ) be around|here|alive ( much longer | for much longer | long | for long | tomorrow|next|anymore|by|soon | to see | this time | for christmas|thanksgiving|easter | for the holidays | for my birthday )`, "unless:errand"},
	{Suicide, `when|once|after i am dead`, "self ctx:after"},
	{Suicide, `when|once|after i am gone $`, "self ctx:after"},
	// Means: stockpiling, researching, writing notes, a noose.
	{Suicide, `saving|saved|save|stockpiling|stockpiled|stockpile|hoarding|hoarded|hoard|stashing|stashed|stash|storing|squirreling|collecting|collected|gathering|gathered|hiding|hid [up|away] ~3 pills|pill|meds|medication|medications|medicine|tablets|painkillers|xanax|tylenol|oxy|insulin|benzos !from|at`, ""},
	// A means made ready: "i have the rope ready", "the pills are lined up".
	{Suicide, `rope|noose|pills|meds|tablets|medication|razor|blade|blades|gun ~2 ( ready|prepared|waiting|tied|loaded | lined up )`, "unless:routine"},
	{Suicide, `enough pills|meds|tablets|medication|insulin|painkillers ~3 ( saved|stored|stashed | to do it | to die|overdose|od|kill | to end it )`, ""},
	{Suicide, `wrote|written|writing|write|finished|finishing|left|leaving|drafted|drafting|prepared|preparing|recorded|recording ~2 goodbye|farewell|suicide|last|final letter|letters|note|notes|message|messages|video|videos`, "unless:therapy"},
	{Suicide, `suicide note|notes|letter|letters|plan|plans|method|methods|pact`, ""},
	// "i attempted last night", "my brother attempted last year": said
	// without "suicide", an attempt is still one.
	{Suicide, `attempted ( $ | &last|yesterday|today|tonight|again|twice|before|when|in|at|as|years|once|recently )`, ""},
	{Suicide, `suicide attempt|attempts`, "past"},
	{Suicide, `in case i go|going through with it`, "self"},
	{Suicide, `in case i ( do it | do not make it )`, "self ctx:plan"},
	{Suicide, `go|going|gone|went through with it`, "ctx:plan"},
	{Suicide, `this is my [last|final] goodbye|farewell`, "self"},
	// "this is my last post", not "my last message got lost".
	{Suicide, `( this is | this will be | here is | will be | is ) my last|final message|post|words|goodbye|text|note|entry`, "self unless:errand"},
	{Suicide, `my final message|post|words|goodbye | my last words|goodbye`, "self"},
	{Suicide, `goodbye|bye forever|world|cruel`, "self"},
	{Suicide, `said|say|saying [my] goodbye|goodbyes|bye to ( everyone|everybody|all | my family|friends|kids|loved | the world | them all | all of you | you all )`, ""},
	{Suicide, `saying|said my goodbyes`, ""},
	{Suicide, `giving|gave|given|give away all|most [of] my|our stuff|things|belongings|possessions|pets|books|clothes|games|shit !before|because|since|for|as|while`, ""},
	{Suicide, `giving|gave|given|give away ( everything | my stuff|things|belongings|possessions|pets|pet|cat|cats|dog|dogs|guitar|collection|savings ) !before|because|since|for|as|while`, ""},
	{Suicide, `will not ( be needing | need ) ~6 where i am going`, ""},
	{Suicide, `( will not | wont | am not going to ) ( be needing | need ) ~6 ( anymore | again | $ )`, "weak:need noneg unless:errand"},
	{Suicide, `know what it|its|this|that|they|theyre [is|are] for`, "ctx:means"},
	{Suicide, `tied|tie|tying|made|make|making|bought|buy|buying|have|got|hung|hang|hanging|set|setting ~2 noose|nooses`, ""},
	{Suicide, `bought|buy|buying|got|getting ~2 rope|ropes|cord|belt ~3 hang|hanging|myself|noose`, ""},
	{Suicide, `keep|kept|keeps|been|am|was looking|staring|glancing at ( it|them | the bottle|pills|rope|gun|knife|bridge|blade|noose )`, "ctx:means"},
	{Suicide, `how many|much ~5 to ( die|overdose|od | kill myself|me|someone | kill a person | end it )`, ""},
	{Suicide, `how many|much ~5 would|will kill me`, ""},
	{Suicide, `it takes to die|overdose|od`, ""},
	{Suicide, `lethal|fatal|deadly dose|amount|overdose|quantity`, ""},
	{Suicide, `painless|painlessly|easiest|easy|quickest|quick|fastest|fast|best|surest|sure|peaceful|simplest|cleanest|effective way|ways|method|methods|means to ( die|suicide | kill myself | end it | end my life | commit suicide | do it | end things|everything | end it all )`, ""},
	{Suicide, `least painful way|ways|method|methods to ( die | kill myself | end it | commit suicide )`, ""},
	{Suicide, `how i would|could|will|might do it`, "self ctx:plan"},
	{Suicide, `how to ( kill myself | end my life | commit suicide | hang myself | tie a noose | overdose | od )`, ""},
	// Jumping, driving, walking into the water: a way of dying together
	// with intent or a thought ("i keep picturing myself jumping off the
	// parking garage"). Not "jump in the pool".
	{Suicide, `( @want | @intent | @thought | urge|urges ) !not|never|no ~3 jump|jumping|jumped|leap|leaping|step|stepping|walk|walking|run|running ( off|from|into|under|onto | in front of ) [the|a|an|my|this|that] ~2 @high`, ""},
	{Suicide, `( @want | @intent | @thought ) !not|never|no ~3 drive|driving|drove|swerve|swerving|crash|crashing|steer|steering [my|the|our] [car|truck] into|off [the|a|an|my] ~1 cliff|river|wall|tree|lake|bridge|traffic|oncoming|truck|lorry|pole|sea|ocean|building|barrier|overpass|train|bus`, ""},
	{Suicide, `( @want | @intent | @thought ) !not|never|no ~3 walk|walking|swim|swimming|go|going ( into | out into ) the sea|ocean|river|lake|water|waves|woods ~4 not|never come|coming back`, ""},
	{Suicide, `want|going|about|ready to jump $`, "ctx:height"},
	{Suicide, `disappear|disappeared|vanish|vanished ( forever|permanently | for good | from this world | from existence | off the face )`, ""},
	{Suicide, `disappear|disappeared|vanish and never|not come|coming back`, ""},
	{Suicide, `( @want | @intent | should ) !not|never|no ~2 stop|cease ( existing|breathing|living | to exist|live ) !in|with|at|like|here|there|near|paycheck|for|through`, ""},
	{Suicide, `@want ~2 ( not | to not | not to ) ( exist | be alive | be here anymore | wake up )`, ""},
	{Suicide, `@want ~3 sleep|asleep ( forever|permanently | for good ) !on|every|until|till|at|in`, ""},
	{Suicide, `@want ~7 and|to never|not wake [up]`, ""},
	{Suicide, `sleep|asleep and never|not wake [up]`, ""},
	// Overdose as an intention or an act ("i overdosed last night"). Not
	// "overdose awareness", "the overdose crisis".
	{Suicide, `to|i|will|might|could|should|and|going|want overdose|od !awareness|prevention|kit|deaths|crisis|epidemic|reversal`, ""},
	{Suicide, `overdosed|oded|overdosing|oding`, ""},
	{Suicide, `take|taking|took|taken|swallow|swallowing|swallowed|down|downing|downed|chug|chugging|chugged|eat|eating|ate|pop|popping|popped ( all|every|everything|handfuls|bottles | the|a whole|entire|full|rest|handful|bunch|bottle|box|pack|packet | an entire | too|way many | a lot | two|three bottles | %many ) ~4 @drug !today|on|as|like|every|each|with|this|of`, ""},
	{Suicide, `swallow|swallowing|swallowed everything`, ""},
	// Thinking of dying, or of suicide.
	{Suicide, `@thought [@about] ( dying|suicide|unaliving|unalive | being dead | not being|existing|waking | my own death | my funeral ) !my|her|his|the|it|hair|your|their`, ""},
	{Suicide, `suicide is|s|seems|sounds|looks|feels [looking|sounding|feeling] [real|more|too|super|kinda|quite|rather] ( good|tempting|appealing|better|easier|nice|peaceful|attractive|inevitable|calling | like an|the | the answer|only|way|solution|best | my only|answer | an option | on my mind | always on my mind | all i think about | in my head )`, ""},
	{Suicide, `suicidal`, ""},
	{Suicide, `( @thought | considering|planning|plan|planned|preparing|prepare ) [@about] my suicide|death|funeral`, ""},
	// Feeling a burden, wondering why one is still alive.
	{Suicide, `am|feel|being|m ( a | such a | nothing but a | just a ) burden !sometimes|occasionally`, ""},
	{Suicide, `why ~2 i am still alive|breathing|living|here $`, ""},
	{Suicide, `death is the only|best|easiest|answer|way|option|solution|escape`, ""},
	{Suicide, `way|ways out ( except|besides | other than | apart from ) ( dying|death|suicide | to die | killing myself | ending it )`, "noneg"},
	{Suicide, `only way out ( is | would be ) ( death|dying|suicide | to die | killing myself | ending it )`, ""},
	{Suicide, `( @want | @intent ) !not|never|no ~2 ( join | be with ) ( him|her|them | my ~1 ) ( in|soon|there|again | $ )`, "obj ctx:death"},
	{Suicide, `hope|hoping|wish|wishing|pray|praying|want|wanting ~3 car|bus|truck|train|someone|somebody|something|lightning|plane|meteor|asteroid|bullet ~3 hits|hit|kills|kill|runs|run|shoots|shoot|crashes|ends|end|takes me`, ""},
	{Suicide, `going|about|might|will|want|afraid|scared|worried|tempted|may|could ~3 do something|anything stupid|drastic|dumb|crazy|permanent|irreversible|final`, ""},
	{Suicide, `do|doing something|anything to myself`, ""},
	{Suicide, `what i might|will|would|could|may do to myself`, ""},
	{Suicide, `scared|afraid|worried|terrified|frightened ~2 what i ( will|might|could|would|may ) do ( tonight | $ | if | when | alone )`, ""},
	// Not being able to stay safe, not expecting to last the night.
	{Suicide, `( can not | could not | will not ) ~2 ( promise ~3 safe | keep myself safe | stay safe | be safe tonight )`, "noneg"},
	{Suicide, `not|never ~3 make it through the|this|tonight|night|week|weekend|day !shift|exam|test|meeting|class`, "noneg"},
	{Suicide, `made|making|make peace with ( dying | death | my death | the idea of dying | leaving this world )`, ""},
	{Suicide, `planning|planned|plan|figured|figuring|worked|working [out] how|when|where ~2 do it`, "ctx:plan"},
	{Suicide, `standing|sitting|am|stood on|at the|a ledge|railing|parapet|tracks`, ""},
	{Suicide, `edge of the|a bridge|roof|building|cliff|balcony|platform|rooftop`, ""},
	{Suicide, `get|getting|grab|grabbing|take|taking|load|loading|got|grabbed|loaded ~2 @weapon ~3 ( end | do it )`, ""},
	{Suicide, `@want [to] suicide|unalive|unaliving`, ""},
	{Suicide, `time to die|unalive`, ""},
	{Suicide, `unalive|unaliving $`, ""},
	{Suicide, `goodbye|bye ( everyone|everybody|all | cruel world )`, "ctx:farewell"},
	{Suicide, `sorry for everything !i|that|we|you|he|she|they|about|at|in|last|yesterday|earlier`, "ctx:farewell"},
	{Suicide, `will not be a burden ( much longer | for long | anymore | soon )`, "noneg"},
	// Self-harm: the act on oneself, with accidents and idioms guarded
	// ("cut myself shaving", "beat myself up", "cut myself some slack").
	{SelfHarm, `cut|cutting|cuts|hurt|hurting|hurts|harm|harming|harmed|burn|burning|burned|burnt|hit|hitting|punch|punching|punched|starve|starving|starved|stab|stabbing|stabbed|carve|carving|carved|bruise|bruising|bruised|mutilate|mutilating|mutilated|beat|beating|choke|choking|scar|scarring|bleed|bleeding @aself`, "harm"},
	{SelfHarm, `cut|cutting|cuts|slit|slitting|slice|slicing|carve|carving|carved|burn|burning|burned|burnt [into] my|his|her arms|arm|legs|leg|thighs|thigh|skin|stomach|hips|hip|body|belly|forearm|forearms|ankles|chest|wrists|wrist`, "harm"},
	{SelfHarm, `scratch|scratching|scratched|pick|picking|picked|bite|biting|claw|clawing|punch|punching|punched|hit|hitting|bang|banging|slam|slamming !me|us ~5 till|until|til|so ~2 bleed|bleeds|bled|bleeding|bloody|raw`, "harm"},
	{SelfHarm, `( i|want|wants|wanted|wanting|need|needs|urge|urges|going|tempted|itching|craving|crave|started|start|keep|kept|been|relapsed|relapse|will|might|could|should|about|ready|planning|planned|plan|decided|stop|close | thinking about ) [to|into] cut|cutting|selfharm|selfharming ( $ | again|tonight|today|now|deeper|more|badly|bad|right|myself|anymore )`, "harm"},
	{SelfHarm, `urge|urges|craving|cravings|temptation|itch to cut|selfharm|bleed|burn`, ""},
	{SelfHarm, `cutting|selfharming again`, ""},
	{SelfHarm, `relapsed|relapse|relapsing with|on|into [the|a|my] razor|razors|blade|blades|cutting|selfharm|knife|sh|lighter`, ""},
	{SelfHarm, `i|to|and selfharm|selfharmed|selfharming`, ""},
	// Harm to others: intent and a person. "i want to hurt him", "i'm
	// going to kill my boss", "i swear i'll strangle my stepdad". Not "i
	// could kill for a coffee", "kill this exam", "hurt her feelings",
	// "shoot you a text".
	{HarmToOthers, `@hintent [to] @hverb @person !feelings|pride|chances|ego|reputation|business|career|credit|vibe|mood|a|an|some|with|off|back|over`, ""},
	{HarmToOthers, `@hintent [to] @hverb @person with|in ~2 gun|guns|knife|knives|bat|axe|machete|hands|sleep|face|head|chest`, ""},
	{HarmToOthers, `@thought [@about] killing|murdering|hurting|stabbing|shooting|strangling|poisoning|torturing|choking|beating|attacking|harming|drowning|smothering|suffocating|burning @person !feelings`, ""},
	{HarmToOthers, `@hintent [to] beat|bash|smash @person to|up|senseless|until|till|bloody|with|half|black`, ""},
	{HarmToOthers, `shoot|shooting up [the|that|this|my|our|a|his|her|their] ~1 @place`, ""},
	{HarmToOthers, `@hintent [to] ( bomb | blow up | attack ) [the|that|this|my|our|a] ~1 @place`, ""},
	{HarmToOthers, `bring|bringing|take|taking|carry|carrying|brought [my|a|the|his|her|dads|moms|loaded] ~1 @weapon to|into ( work|school|class|campus|church|office|party|meeting|prom|dance|graduation|assembly|practice|concert|mall|game | the ~1 office|party|meeting|school|church|mall|store|dance|game|concert|assembly | @person )`, ""},
	{HarmToOthers, `want|wants|wanted @person dead`, ""},
	{HarmToOthers, `@hintent [to] beat|kick|knock|smack the shit|crap|hell|life|living ~1 out of @person`, ""},
	{HarmToOthers, `make|making @person pay|suffer|regret|bleed`, "ctx:weapon"},
	{HarmToOthers, `know where ( he|she|they | @person ) lives|live|works|work|sleeps|sleep|goes|parks|stays`, "ctx:weapon"},
	// Indirect signals. People rarely write "i want to kill myself" in so
	// many words; they write about a plan, a means at hand, a question of
	// how much is lethal, not lasting, or a goodbye. The phrases below
	// count alone; the weak ones further down count only in pairs.
	//
	// Questions of lethality: "which over the counter stuff is deadliest",
	// "how many of my meds it would take", "is 40 enough to not wake up".
	{Suicide, `deadliest|lethal|fatal`, "self ctx:drugs"},
	{Suicide, `how many|much ~5 ( it would|will|might|could take | would|does|will it take ) ( $ | to @dieend )`, "ctx:drugs"},
	{Suicide, `enough ~4 to @dieend`, "ctx:drugs"},
	{Suicide, `bleed|bleeding|bled out`, "harm"},
	{Suicide, `painless|painlessly|quickest|fastest|surest|easiest way|ways|method|methods to go`, ""},
	// The act or the means in progress.
	{Suicide, `drank|drink|drinking|swallowed|swallow|chugged ~2 bleach|antifreeze|poison|lye|pesticide|pesticides|weedkiller !than`, ""},
	{Suicide, `car|engine|motor running|idling|on`, "ctx:garage"},
	{Suicide, `gun|pistol|rifle|shotgun|handgun|revolver|glock ~3 ( in my lap|mouth | on my lap | to|against my head|temple|chest )`, ""},
	{Suicide, `pills|meds|tablets|medication|painkillers ~2 saved|stashed|stockpiled|hoarded|hidden ( up|away )`, "unless:errand"},
	{Suicide, `took|take|taking|swallowed|swallow|used|shot|snorted|injected|ate ~6 ( on purpose | deliberately|intentionally )`, "ctx:drugs"},
	{Suicide, `drink|drinking|use|using|smoke|smoking|take|taking|shoot|shooting ~3 until|till|til i ( die | am dead | do not wake [up] | never wake [up] | stop breathing )`, ""},
	{Suicide, `so|and|until|till|til i ( do not | will not | never | would not ) wake [up] ( $ | again | ever | anymore )`, ""},
	{Suicide, `put|putting|pump|pumping ~2 bullet|bullets|round|slug in|into|through my head|brain|mouth|skull|chest|heart|temple`, ""},
	// Notes left to be found: "i wrote letters in case", "by the time
	// anyone reads this i'll be gone".
	{Suicide, `wrote|written|writing|write|left|leaving|leave|finished|finishing ~3 letter|letters|note|notes|card|cards ~6 ( in case | for after | for when i am gone | when i am gone | to be found | for them to find | they will find )`, ""},
	{Suicide, `by the time ~4 read|reads|see|sees|find|finds|get|gets this`, "unless:errand"},
	{Suicide, `( nobody|noone|they | no one ) ~3 find|finds|found me ~3 ( too late | until|till|til ~3 too late )`, ""},
	// Not lasting: "i don't see myself making it to my birthday", "i dont
	// think ill be here next week", "you won't have to deal with me much
	// longer", "i wont be a problem for anyone much longer".
	{Suicide, `( do not | can not | cannot ) see myself ( making it !as|in|at|big | lasting | surviving | growing|getting old | alive | living past|beyond|until|till|to|through|another )`, "unless:errand"},
	{Suicide, `( do not | dont ) think|expect|believe ~1 i ( will|would|can|could | am going to ) ( make it | last | survive | be around | be here | be alive | see ) ~2 tomorrow|morning|longer|weekend|christmas|thanksgiving|spring|summer|winter|birthday|week|month|year|friday|saturday|sunday|monday|tuesday|wednesday|thursday|another|past`, "unless:errand"},
	{Suicide, `( will not | wont | never | not going to ) ( make it | live | last ) to|until|till|past|through ~2 birthday|christmas|thanksgiving|spring|summer|winter|morning|30|40|25|new`, "unless:errand"},
	{Suicide, `( will not | wont | not going to ) have|need to ( deal with | worry about | put up with | take care of | look after | see | hear from | pay for ) me ( much longer | for long | soon | anymore | ever again | again | after tonight|today )`, "noneg self"},
	{Suicide, `soon|shortly ~4 have|need to ( deal with | worry about | put up with | take care of | look after ) me`, "noneg self"},
	{Suicide, `( will not | wont | no longer | never | not going to ) be ( a|an ) burden|problem|bother|nuisance|trouble|weight|pain ~3 ( much longer | for long | soon | anymore | for much longer )`, "noneg"},
	{Suicide, `soon|shortly ~3 ( will not | wont | no longer ) be ( a|an ) burden|problem|bother|nuisance|trouble`, "noneg"},
	{Suicide, `rid|free of me ( $ | soon | forever | for good | at last | finally | once and for all )`, "self"},
	{Suicide, `( will not | wont | am not going to ) ( be needing | need ) ~4 ( where i am going | after tonight|today|this|friday )`, "noneg"},
	{Suicide, `giving|gave|given|give ( my | all my ) ~1 stuff|things|belongings|possessions away`, ""},
	// It ends now: "everything ends tonight", "tonight it all ends".
	{Suicide, `( it all | everything | all of it | my life ) ( ends|end | will end | is ending | is going to end | will be over | will stop | stops ) ( tonight|today|tomorrow|soon|now | this week|weekend )`, "unless:errand"},
	{Suicide, `tonight|today|tomorrow ( it all | everything | my life ) ( ends|end|stops | will end )`, "unless:errand"},
	{Suicide, `( how and when|where | when|where and how ) ~4 ( do it | happen|happens )`, ""},
	{Suicide, `decision|choice|decided|chose|choosing|deciding|planning to die !of|from`, ""},
	{Suicide, `no way out ~3 except|but|besides ( death|dying|suicide | to die | killing myself | ending it )`, ""},
	// Lured: "the bridge near my work keeps calling me".
	{Suicide, `bridge|roof|rooftop|ledge|cliff|tracks|railway|river|rope|noose|pills|blade|razor|gun|edge|void|abyss|death|grave ~4 calling|calls|beckoning|beckons ( me | to me | my name )`, ""},
	// Joining the dead: "ready to go be with mom", "i'll see my son again
	// soon" after a death.
	{Suicide, `ready|longing|yearning|long|yearn [to] [go] be with ( @family | him|her|them | my ~1 @pnoun ) ( soon|again|now | in heaven | $ )`, "obj"},
	{Suicide, `see|join|hold|hug ( him|her|them | my ~1 @pnoun | @family ) ( again soon | soon | in heaven | on the other side )`, "obj ctx:death"},
	// Wanting to be gone, out.
	{Suicide, `@want to be gone ( $ | forever | for good | permanently | from this world )`, ""},
	{Suicide, `@want out of ( life | this life | this world | existence | everything )`, ""},
	{Suicide, `hope|hoping|wish|wishing|pray|praying [that] i ( get|got|am|was ) ( hit | killed | run over | shot )`, ""},
	// "if i die tonight nobody will care", "if i died who would notice".
	{Suicide, `if i ( die|died | was|were|am gone | disappeared|disappear | killed|kill myself | was|were dead ) ~3 ( nobody|noone|who|anyone|anybody | no one ) ~3 care|cares|notice|miss|cry|know|come`, "self"},
	// Command voices: "the voices keep telling me to jump".
	{Suicide, `voice|voices ~3 tell|telling|tells|told|saying|say|says|command|commanding|commands|order|ordering|orders|want|wants|urging|urge|urges|push|pushing me to [go] ( kill|hurt|cut|harm|end|off|unalive|drown|hang|shoot myself | die | jump | end it )`, "self"},
	{HarmToOthers, `voice|voices ~3 tell|telling|tells|told|saying|say|says|command|commanding|commands|order|ordering|orders|want|wants|urging|urge|urges|push|pushing me to [go] @hverb @person`, "self"},
	{HarmToOthers, `put|putting|pump|pumping ~2 bullet|bullets|round|rounds|slug|knife|blade in|into|through ( him|her|them | his|her|their ~1 @body | @person )`, ""},
	// Self-harm: "cut again last night" with no "i", "i cut too deep",
	// "burned my arm on purpose", "scratched my arms raw", "new cuts on
	// my thighs", "i need to bleed".
	{SelfHarm, `^ cut|cutting|burned|burnt|burning|carved again|deeper|deep|tonight`, "harm"},
	{SelfHarm, `i cut|cutting [too|way] deep|deeper`, "harm"},
	{SelfHarm, `cut|cuts|burned|burnt|burn|hit|punched|scratched|bit|hurt|starved|slammed|banged|bruised|stabbed|carved ( myself | my ~2 ) ~4 ( on purpose | deliberately|intentionally )`, ""},
	{SelfHarm, `scratch|scratched|scratching|pick|picked|picking|claw|clawed|clawing|rub|rubbed|bite|bit|biting ( my|myself ) ~2 raw|bloody|open`, "harm"},
	{SelfHarm, `new|fresh|deep|deeper cuts|burns|wounds|scratches on|in|across my`, "harm"},
	{SelfHarm, `( @want | deserve|deserves|need|needs ) ~1 to ( bleed | feel pain | feel the blade|razor | see blood | be punished | suffer $ )`, ""},

	// Weak phrases: vague alone, telling in pairs of different kinds. "thanks
	// for everything" is a kind word; "thanks for everything, you guys were
	// good to me. bye" is a goodbye. "my plan is set" could be a holiday;
	// with "i just have to wait til everyone's asleep" it is not.
	//
	// Goodbyes, unless the writer plans to see people again or is off on a
	// trip.
	{Suicide, `thank|thanks ~3 for everything|all !tonight|today|this|the|your|you|ur|in|at|on|yesterday|again|guys|so|of|that|those|these|my|i`, "weak:thanks self unless:later"},
	{Suicide, `love|luv you|u ( all | guys | everyone | so much | all so much | more than anything )`, "weak:love self unless:later"},
	{Suicide, `( tell ~3 | let ~3 know ) i love|loved ( her|him|them|you )`, "weak:love self unless:later"},
	{Suicide, `forgive me | sorry for everything !i|that|we|you|he|she|they|about|at|in|last|yesterday|earlier | ( it is | its | this is | that is ) not your|anyones|anyone|her|his|their fault | do not blame yourself|yourselves|anyone`, "weak:sorry self unless:later"},
	{Suicide, `goodbye|farewell|bye|byebye`, "weak:bye self unless:later"},
	{Suicide, `( you|guys|yall|all|everyone ) ~2 were|was ~1 good|kind|nice|great|amazing|best|always ~3 to|for|with me`, "weak:valediction self unless:later"},
	{Suicide, `nice|good|great|pleasure|honor|honour ( knowing | having known ) ( you|yall|everyone|all )`, "weak:knowing self unless:errand"},
	{Suicide, `( take care of | look after | feed|walk ) ( my|mom|dad|the ) ~1 dog|dogs|cat|cats|kids|pets|pet|plants|fish|bird|mom|dad|family|children|son|daughter|brother|sister`, "weak:care self unless:errand"},
	{Suicide, `( take care of | look after ) ( yourselves|yourself | each other )`, "weak:care self unless:later"},
	// Letters, and where they are left.
	{Suicide, `wrote|written|writing|left|leaving|finished|finishing ~3 letter|letters|notes|note ~1 to|for ( my ~1 @pnoun | each|every one | everyone|everybody | all of them | them all | @family )`, "weak:note"},
	{Suicide, `wrote|written|left ( everyone|everybody | my ~1 @pnoun | each of them | @family ) ~1 letter|letters|note|notes`, "weak:note"},
	{Suicide, `letters|letter|notes|note|cards ~5 drawer|envelope|envelopes|pillow|nightstand|dresser|glovebox|safe`, "weak:hide self"},
	{Suicide, `in|under ( the|my|a ) ~2 drawer|envelope|pillow|nightstand|dresser|glovebox|safe|mattress`, "weak:hide self ctx:letters"},
	// When: "tonight is the night", "i picked a date", "wait til
	// everyone's asleep".
	{Suicide, `tonight|today|tomorrow ( is | will be ) the night|day|time`, "weak:when unless:errand"},
	{Suicide, `tonight|today|tomorrow is when`, "weak:when unless:errand"},
	{Suicide, `picked|chose|chosen|set|choosing|picking|decided on ( a|the ) date|day`, "weak:when"},
	{Suicide, `wait|waiting|waited ~1 until|till|til|for ~4 ( asleep|sleeping|gone|leaves|leave|left|away|out | at work | to sleep | go|goes to bed )`, "weak:when"},
	{Suicide, `( when|once|after ) ( everyone|everybody|they|mom|dad | the kids | my ~1 @pnoun ) ~2 ( asleep | gone | leaves|leave | at work | go|goes to bed|sleep )`, "weak:when"},
	// Resolve: "i've made up my mind", "my plan is set".
	{Suicide, `made up my mind $ | my mind is made up | made|make|making my decision|choice ( $ | and ) | have|has decided $ | decision is made|final | no turning|going back $ | at peace with ( my|the|this ) decision|choice $ | at peace with it`, "weak:resolve"},
	{Suicide, `my|the plan is set|ready|final|made|done | have|got a plan !for|to|b|with|of|that|in | figured it all out | got it all figured out`, "weak:resolve unless:errand"},
	{Suicide, `know|decided|figured|planned|picked how|when|where ~3 do it`, "weak:howwhen"},
	// Distress that is not a risk alone.
	{Suicide, `can not|cannot ( do this|it | go on | keep going | take it|this | handle it|this | cope ) ( anymore | any longer | $ )`, "weak:distress"},
	{Suicide, `i give up ( $ | on everything | on life | on myself ) | i am done $ | nothing ~3 ever get|getting|gets better | no hope left | can not see a|any future | tired|exhausted|sick of ( everything | it all | fighting | trying | all of it )`, "weak:distress"},
	// Places and means, which say how serious but not what.
	{Suicide, `( am|standing|sitting|stood|sat|here ) ~1 on|at|in ( the|a|this ) ~1 bridge|roof|rooftop|overpass|balcony|cliff|edge|ledge|tracks|platform ( right now | now|and | $ )`, "weak:place any"},
	{Suicide, `long way down`, "weak:height"},
	{Suicide, `( @drug | @weapon | rope|noose|razor|blade|blades|cord|belt ) ~4 ( in front of me | in my hand|hands|lap|pocket | on my lap | next to me | beside me | within reach )`, "weak:means any unless:safe"},
	{Suicide, `counting|counted ~3 @drug | counting|counted them`, "weak:means any ctx:drugs unless:safe"},
	{Suicide, `bought|buy|buying|got|get|getting|ordered|have|grabbed|took ~3 gun|guns|pistol|rifle|shotgun|handgun|rope|noose|charcoal|helium|bullets|ammo|razor|blades|knife|machete`, "weak:means any unless:safe"},
	{Suicide, `sharpening|sharpened|sharpen ~2 knife|knives|blade|machete|axe | loaded gun|pistol|rifle|shotgun | bringing|bring|brought|carrying something|one`, "weak:means any unless:safe"},
	{Suicide, `i mean it | not joking|kidding | no joke | for real this time | this is not a joke | dead serious`, "weak:serious any"},
	{Suicide, `catch|catching the bus|train ( tonight|today|soon|tomorrow | $ )`, "weak:slang"},
	// Threats that need a second signal: "he's going to regret this" plus
	// "i know where he parks" or a weapon.
	{HarmToOthers, `( going to | will | gonna ) regret ( this|it|that|messing|crossing|touching|hurting|what|ever | the day )`, "weak:threat self unless:legal"},
	{HarmToOthers, `get|gets|getting ( what is coming | what he|she|they deserves|deserve )`, "weak:threat self unless:legal"},
	{HarmToOthers, `never|not see it coming | teach ( him|her|them | that ~1 @pnoun ) a lesson | make|making @person [all] pay|suffer|regret|bleed`, "weak:threat self unless:legal"},
	{HarmToOthers, `know where ( he|she|they | @person ) lives|live|works|work|sleeps|sleep|goes|parks|park|stays|hangs`, "weak:stalk self unless:legal"},

	// More ways of saying it, found while measuring on phrases written
	// after the rules: "i don't deserve to live", "i wish i had the guts
	// to end it", "i'll be dead by morning".
	{Suicide, `( do not | does not | no longer ) deserve to ( live | be alive | exist | be here | breathe )`, ""},
	{Suicide, `( should not | shouldnt ) ( be alive | exist | have been born | still be alive )`, ""},
	{Suicide, `guts|courage|nerve|balls|strength to ( end it [all] | end things | kill myself | do it | jump | go through with it | end my life | pull the trigger )`, ""},
	{Suicide, `( will | am going to ) be dead ( by|before ~1 | soon | tomorrow | tonight )`, ""},
	{Suicide, `favor|favour ~3 ( dying | by dying | if i died | if i was|were gone | killing myself )`, "self"},
	{Suicide, `better|fine ~4 ( life insurance | insurance money|payout|policy )`, "self"},
	{Suicide, `( looked up | look up | looking up | googled|googling|searched|searching|researched|researching|checked|checking ) ~3 ( height | how high|tall|deep|far ) ~4 ( @high | water|drop|fall|river )`, ""},
	{Suicide, `crash|crashing|wreck|wrecking|crashed|wrecked my|the car|truck ( on purpose | deliberately|intentionally )`, ""},
	{Suicide, `make|made sure i ( do not | will not | never | would not ) wake [up]`, ""},
	{Suicide, `pumped my stomach | stomach pumped | rope|noose|belt|cord broke|snapped`, "past"},
	{Suicide, `( my | another | an ) attempt ( last|yesterday|this|on|earlier|tonight|today | a few|couple days|weeks ago )`, "past"},
	{HarmToOthers, `know|knows ~1 who ( it is | its | this is | they are | theyre ) for`, "ctx:weapon"},
	{HarmToOthers, `@want ~1 to see ( him|her|them | @person ) bleed|suffer|die|dead|hurt|burn`, "unless:legal"},
	{HarmToOthers, `burn|torch|burning|torching ( his|her|their | @person ) ~1 house|home|apartment|place`, ""},
	{HarmToOthers, `burn|set fire ~5 with ( him|her|them|everyone ) inside|in`, ""},
	{SelfHarm, `smashed|smash|smashing|slammed|slamming|punched|punching ( myself | my ~2 ) ~3 ( on purpose | deliberately|intentionally )`, ""},
	{Suicide, `wish|wished ~3 guts|courage|nerve`, "weak:resolve"},
	{Suicide, `( gave|giving|given|give ) ( away | my !old|extra|spare|used|outgrown ~2 to )`, "weak:give unless:safe"},
	{Suicide, `made|making peace with it|that|this $ | made sure of it | done for good|forever | have|has decided this|that|it`, "weak:resolve"},
	{Suicide, `tonight|today is it $ | this is ( my last | the last ) week|day|night|month|weekend|christmas|birthday ( $ | alive | on earth | here )`, "weak:when unless:errand"},
	{Suicide, `my last|final wish|wishes|request`, "weak:bye self unless:errand"},
	{Suicide, `will miss you|yall ( all | guys | everyone | so much ) | do not ( try to find | look for | come looking for | search for ) me`, "weak:bye self unless:later"},
	{Suicide, `( will not | wont ) wake [up] ( tomorrow | again | ever )`, "weak:notlast"},
	{Suicide, `updated|wrote|writing|made|making|finished|finalized|changed|did ( my|a ) will | canceled|cancelled ~2 appointments|plans|subscriptions | deleted|deleting ~2 accounts|socials|account|instagram|facebook | paid|paying off my debts`, "weak:affairs"},
	{Suicide, `pills|meds|tablets ~5 vodka|alcohol|wine|whiskey|booze|liquor | vodka|alcohol|wine|whiskey|booze|liquor ~5 pills|meds|tablets`, "weak:means any unless:safe"},
	{Suicide, `access to ~3 gun|guns|pills|meds|firearm|firearms | the means`, "weak:means any unless:safe"},
	{Suicide, `whether|if to jump $ | should i jump`, "weak:height"},
	{Suicide, `can not|cannot ( keep going | go on | live ) like this`, "weak:distress"},

	// Third round, from phrases written after the second: the last night,
	// fear of oneself, a means with the will to use it.
	{Suicide, `last|final night|day|week|days|hours|moments ( on earth | alive | of my life )`, ""},
	{Suicide, `( @thought [@about] | urge|urges to | tempted to ) use|using ( it|them ) ( $ | on myself | tonight | now )`, "ctx:means"},
	{Suicide, `( will not | wont | never | not going to ) ( see | reach | turn | make it to | live to see ) ( %num | my ~1 birthday | christmas|thanksgiving|graduation | another ~1 birthday|christmas|year|summer|spring )`, "unless:errand"},
	{Suicide, `( would|will|does|is ) it ( be | hurt ) ~1 instant|instantly|quick|painless|fast|certain|fatal|enough | would i survive|die`, "ctx:means"},
	{Suicide, `would|will|does|is it ( be | hurt ) ~1 instant|instantly|quick|painless|fast|certain|fatal|enough | would i survive|die`, "ctx:height"},
	{Suicide, `how long ~7 ( find|finds|found ) me $`, "self"},
	{Suicide, `( do not | not | no | never | can not ) ~4 ( keep|continue | go on ) living`, "noneg"},
	{Suicide, `last time ~3 ( hear from me | see me | read me | talk to me )`, "self unless:later"},
	{SelfHarm, `cuts|burns|scratches|scars|wounds on|in|across my ~1 @body ~3 deeper|worse|bleeding|again|more`, "harm"},
	{SelfHarm, `( have not | not | stopped ) eaten|eating ~4 ( on purpose | deliberately|intentionally )`, ""},
	{SelfHarm, `pick|picked|picking|scratch|scratched|scratching|claw|clawed|clawing|dig|digging at ( my|myself ) ~4 raw|bloody|open|bleed|bleeds|bled|bleeding`, "harm"},
	{HarmToOthers, `snap|flip and @hverb @person`, ""},
	{HarmToOthers, `( get|grab|take|bring|grabbing|getting|taking ) ~3 @weapon ~1 and ( go|drive|head|going|driving ) ( to|over ) ~3 house|place|school|work|office|home|apartment|party`, ""},
	{HarmToOthers, `( make|making ) ( them|everyone|everybody | @person ) [all] pay|suffer|regret ~3 ( at|in ) ( school|work|class|church|office|campus )`, ""},
	{HarmToOthers, `( see it | be|read ) on the news | news tomorrow`, "weak:notice self"},
	// More weak phrases.
	{Suicide, `close|closing|closed my accounts | passwords ~3 after`, "weak:affairs"},
	{Suicide, `checking|check out ( soon | for good | early | tonight | $ )`, "weak:slang"},
	{Suicide, `nothing|nobody left for me | out of time $`, "weak:distress"},
	{Suicide, `finally ( have|be|find|get|feel ) [at] peace|rest | rest in peace | at peace soon | be free soon`, "weak:peace"},
	{Suicide, `know what i am doing $ | ( have|got|is|are ) ( it|everything|them ) ready | ready $`, "weak:resolve"},
	{Suicide, `( @drug | @weapon | rope|noose|razor|blade|blades ) ~6 ready|prepared|set`, "weak:means any unless:safe"},
	{Suicide, `hid|hidden|hide|hiding|stashed|stash ~2 ( my|the|some|all ) ~1 pills|meds|medication|knife|razor|blades|gun|rope`, "weak:means any unless:safe"},
	{Suicide, `razor|blade|blades ~4 bath|tub|bathtub`, "weak:means any unless:safe"},
	// A lethal means named at all is a weak signal: "went to the hardware
	// store for rope, i know what i'm doing".
	{Suicide, `rope|noose|razor|razors|blade|blades|gun|guns|pistol|handgun|shotgun|bleach|charcoal|helium`, "weak:means any unless:safe"},
	{Suicide, `hid|hidden|hide|hiding|stashed|stashing ~4 from ( my ~1 @pnoun | everyone|everybody|them|him|her )`, "weak:secret"},
	{Suicide, `@thought ~2 how to ( die | end it [all] | kill myself | end my life | do it )`, ""},
	{Suicide, `close to ( ending it | killing myself | ending my life | doing it | end it | kill myself )`, ""},
	{Suicide, `tonight|today|tomorrow ~2 i ( will | am going to ) die $`, ""},
	// Fifth round.
	{Suicide, `( @want | @intent | should ) !not|never|no ~2 stop|cease waking [up] ( $ | anymore )`, ""},
	{Suicide, `@want ~2 ( go to heaven | be in heaven ) ( $ | now|soon|and|tonight )`, ""},
	{Suicide, `make|making|made it look like an accident`, ""},
	{Suicide, `gun|pistol|rifle|shotgun|handgun|revolver|glock ~3 in my hand|hands ( right now | now )`, ""},
	{SelfHarm, `back to cutting|selfharming|burning | back to hurting myself`, "harm"},
	{Suicide, `( tonight|today|tomorrow | this weekend|week | friday|saturday|sunday ) ( is | will be ) the end`, "weak:when self unless:errand"},
	{Suicide, `( will|would ) understand ( after|afterwards | why )`, "weak:after self"},
	{Suicide, `know|picked|chose|chosen|decided|found ~1 which|what bridge|building|cliff|method|spot|tracks|rope|pills`, "weak:howwhen"},
	{Suicide, `know|picked|chose|chosen|decided ~3 ( what time|day | which day|night )`, "weak:when"},
	// Fourth round: a peaceful picture of not existing, an apology for
	// what comes next, the one thing still holding on.
	{Suicide, `peaceful|nice|easy|easier|better|good|relief|relieving ~3 ( to not exist | not to exist | not existing | to die | dying | to be dead | to not wake [up] | to never wake [up] | to disappear | to be gone | to just stop )`, ""},
	{Suicide, `( forgive me | sorry ) ~2 for what i am ( about | going ) to do`, ""},
	{Suicide, `( only thing | only reason | only one | only ones ) ~3 ( stopping|keeping|holding ) me ( from|back ) ( killing myself | doing it | ending it | dying | ending my life | jumping )`, ""},
	{HarmToOthers, `( only thing | only reason | only one | only ones ) ~3 ( stopping|keeping|holding ) me ( from|back ) ~1 killing|hurting|stabbing|shooting|strangling @person`, ""},
	{Suicide, `( only thing | only reason ) ~3 ( keeping me alive | i am still alive )`, ""},
	{Suicide, `if i ( do not | never ) wake [up] ~4 fine|okay|ok|good|better|relief|whatever`, ""},
	{Suicide, `( would not | wouldnt ) mind ( not waking [up] | dying | if i died | never waking [up] | being dead )`, ""},
	{Suicide, `noose ~3 up|hung|tied|ready|set|hanging`, ""},
	{Suicide, `emptied|empty|emptying|dumped|poured ~4 pills|meds|bottle|cabinet ~3 into my hand|hands|mouth`, ""},
	{SelfHarm, `carved|carve|carving|etched|cut|scratched ~4 into my ~1 @body`, "harm"},
	{SelfHarm, `my ~1 @body ~2 covered in|with ~1 cuts|scars|burns|scratches|wounds`, "harm"},
	{SelfHarm, `stop|quit cutting|selfharming|burning ( $ | it is | its | every )`, ""},
	{Suicide, `( they|someone|somebody|you ) ~1 ( will find | find | are going to find ) ( me | it | the note|letter ) ~1 ( tomorrow | in the morning | when )`, "weak:hide self"},
	{Suicide, `if|when ( anyone|someone|somebody|you ) ( finds|find|reads|read|sees ) this`, "weak:hide self"},
	{Suicide, `i am sorry $`, "weak:sorry2 self unless:later"},
	{Suicide, `tonight|today|tomorrow ~4 ( going to do it | do it ) | done waiting | do not try to stop me | once and for all`, "weak:resolve"},
	{Suicide, `( does not | doesnt | do not | nobody | no one ) know|knows ~3 i ( have|am|bought|got|took )`, "weak:secret"},
	{Suicide, `( will not | wont ) be here|around $`, "weak:notlast unless:errand"},
	{Suicide, `take ( my ) ~1 cat|cats|dog|dogs|pets|pet|kids`, "weak:care self unless:errand"},
	{HarmToOthers, `for when|if ( he|she|they | my ~1 @pnoun ) ( shows|show up | comes|come|gets|get home | comes|come back | comes|come near )`, "weak:threat self unless:legal"},
	{Suicide, `bathtub|tub|bath ~4 razor|blade|blades`, "weak:means any unless:safe"},
	{Suicide, `deserve|deserves better than me | waste of ( space|oxygen|air ) | ruin everything|everyones`, "weak:burden self"},
	{Suicide, `( would|will ) be better off $`, "weak:betteroff self"},
}

// Spanish rules.
var esRules = []spec{
	// "quiero morirme", "voy a matarme", "estoy pensando en suicidarme",
	// "tengo ganas de morir", "voy a quitarme la vida".
	{Suicide, `@esint [sigo] @esdie`, "kill"},
	// Dying needs desire, not a plan: "voy a morir" is fear ("siento que
	// me voy a morir" in a panic attack), "quiero morir" is a wish.
	{Suicide, `( quiero|quisiera|queria|quiere|quieren|deseo|necesito|prefiero|querer|queriendo | ganas de | ojala | me gustaria | lista|listo|dispuesta|dispuesto para | pienso|pensando|pense en | decidi|planeo|pienso ) morir|morirme|morirse`, ""},
	{SelfHarm, `@esint @esharm`, "harm"},
	{Suicide, `@esint cortarme|cortarse las venas`, ""},
	// "me quiero morir", "me voy a matar", "me quiero quitar la vida",
	// "se quiere morir" (someone else). Not "me va a matar" (somebody
	// will kill me: an idiom about a strict mother) nor "me muero de hambre".
	{Suicide, `( me quiero|quisiera|queria|deseo | se quiere|quieren|quisiera|queria ) ( morir|matar|suicidar|ahorcar|envenenar | quitar la vida | ir de este mundo | ir para siempre | pegar un tiro|balazo | colgar !el|la|los|las|un|una|mi|tu|su )`, "kill"},
	{Suicide, `( me voy|iba|vuelvo | se va|van|iba ) a ( matar|suicidar|ahorcar|envenenar | quitar la vida | ir para siempre | pegar|dar un tiro|balazo | colgar !el|la|los|las|un|una|mi|tu|su )`, "kill"},
	{Suicide, `( me voy|iba|vuelvo | se va|van|iba ) a cortar las venas`, ""},
	{Suicide, `me|se ( matare|mataria|suicidare|suicidaria | quitare|quitaria la vida )`, ""},
	{Suicide, `me|se suicido|suicidaria`, ""},
	// Jumping: "me quiero aventar del puente", "me voy a tirar a las vías".
	// Not "me voy a tirar a la piscina".
	{Suicide, `me quiero|quisiera|voy|iba|vuelvo [a] tirar|aventar|lanzar|arrojar del|de|desde|al|a|por|frente|bajo [el|la|los|las|un|una|lo] [alto] [de|del] ~1 @alto`, ""},
	{Suicide, `tirarme|aventarme|lanzarme|arrojarme del|de|desde|al|a|por|frente|bajo [el|la|los|las|un|una|lo] [alto] [de|del] ~1 @alto`, ""},
	// Pills: "me voy a tomar todas las pastillas", "he estado juntando
	// pastillas", "cuántas pastillas para morir".
	{Suicide, `tomar|tomarme|tome|tomo|tomando|tragar|tragarme|trague|trago|meterme ~2 ( todas|todo|toda | frasco|caja|tira|monton|punado|bote|blister|entera|entero | el resto | demasiadas|muchisimas ) ~4 @esdrug`, ""},
	{Suicide, `guardando|juntando|acumulando|ahorrando|escondiendo|guarde|junte|acumule|escondi ~2 @esdrug`, ""},
	{Suicide, `cuantas|cuanto|cuantos ~4 morir|matarme|matar|sobredosis|letal|muera`, ""},
	{Suicide, `dosis letal`, ""},
	{Suicide, `tomar|tomarme|darme|provocarme|tener|hacerme una sobredosis`, ""},
	// The negative life wish: "no quiero vivir más", "ya no quiero vivir",
	// "no quiero seguir viviendo", "no quiero despertar mañana". Not "no
	// quiero vivir con mis papás".
	{Suicide, `no quiero|quisiera|deseo vivir ( en este mundo | en esta vida | en este planeta )`, ""},
	{Suicide, `no quiero|quisiera|deseo vivir !con|en|ahi|alli|aqui|asi|solo|sola|cerca|lejos|sin|de|para|juntos|juntas`, ""},
	{Suicide, `no quiero|quisiera|deseo ( seguir ( viviendo|vivo|viva|existiendo|respirando|aqui | $ | en este mundo ) | estar vivo|viva | existir | volver a despertar )`, ""},
	{Suicide, `no ( quiero|quisiera|deseo|pienso|planeo | voy a ) despertar|despertarme !temprano|tan|a|antes|con|en|sola|solo`, ""},
	{Suicide, `no tengo|hay|encuentro|veo ( razones|razon|motivos|motivo|nada|ganas|sentido|porque | por que | para que ) [para|por|de|a|en] ( vivir | seguir viviendo|aqui|existiendo | seguir $ | la vida | despertar )`, ""},
	{Suicide, `no le veo|encuentro sentido|caso|razon a|en ( seguir|vivir | la vida )`, ""},
	{Suicide, `para|pa que ( seguir ( viviendo|aqui|existiendo | $ ) | vivir )`, ""},
	{Suicide, `que sentido tiene [la] seguir|vivir|vida !con|en|estudiando|trabajando|intentando`, "self"},
	{Suicide, `no tiene sentido ( vivir | seguir viviendo|aqui | seguir $ | la vida )`, "self"},
	{Suicide, `no vale la pena ( vivir | seguir viviendo|aqui | seguir $ | la vida )`, ""},
	{Suicide, `vida no vale la pena`, ""},
	{Suicide, `cansado|cansada|harto|harta|agotado|agotada|hartos|cansados|canse|harte de ( vivir|existir|respirar | la vida | estar vivo|viva | seguir viviendo )`, ""},
	{Suicide, `no aguanto|soporto [mas] ( la vida | vivir | seguir viviendo | estar vivo|viva )`, ""},
	{Suicide, `ojala estuviera|estuviese|estar muerto|muerta`, ""},
	{Suicide, `ojala me muera|muriera|muero|mate|matara|atropellen|atropelle`, ""},
	{Suicide, `ojala muriera|desapareciera`, ""},
	{Suicide, `ojala no ( despertar|despierte|despertara|existiera|amanecer|amaneciera | hubiera nacido )`, ""},
	{Suicide, `ojala nunca hubiera|hubiese nacido`, ""},
	{Suicide, `quisiera|quiero|deseo|desearia ~2 estar|estuviera muerto|muerta`, ""},
	{Suicide, `desearia no|nunca ( haber nacido | existir )`, ""},
	{Suicide, `( dormir|dormirme|acostarme | quedarme dormido|dormida ) y no|nunca ( despertar|despertarme | volver a despertar )`, ""},
	// "todos estarían mejor sin mí", "nadie me extrañaría si me muero".
	{Suicide, `estarian|estaria|estaran|estara|vivirian|viviria|seria|serian|estan|esta|estamos|estaremos mejor sin mi $`, "self"},
	{Suicide, `mejor|felices|tranquilos|bien si|cuando [yo] ( no estuviera|existiera | me muero|muriera|mato|matara | muriera|desapareciera | ya no este )`, "self"},
	{Suicide, `[ya] no voy a estar ( aqui | mucho tiempo | por mucho | mucho mas | para navidad )`, ""},
	{Suicide, `cuando ya no este|estemos`, ""},
	{Suicide, `nadie me ( extranaria|extranara|extrana|lloraria | va|iba a extranar|llorar | echaria de menos | va a echar de menos )`, "self"},
	{Suicide, `( a nadie | nadie ) [le] ~2 ( importaria|importara|notaria | va a importar | va a notar | daria cuenta ) ~2 si|cuando|que [yo] ( me muero|muera|muriera|mato|matara|voy | muero|desaparezco|desapareciera | ya no estoy | no estoy )`, "self"},
	// Notes and goodbyes: "ya escribí mis cartas de despedida".
	{Suicide, `escribi|escribo|escribiendo|escrito|deje|dejo|dejando|termine|hice|tengo|prepare|preparando|redacte|ya ~2 mi|mis|la|las|una|unas|un carta|cartas|nota|notas|mensaje|video de despedida|suicidio|adios`, ""},
	{Suicide, `nota|carta de suicidio`, ""},
	{Suicide, `este|esta|es mi ultimo|ultima mensaje|despedida|adios`, "self"},
	{Suicide, `adios para siempre`, "self"},
	{Suicide, `regale|regalando|regalar|regalo ~1 todas|todo mis|mi|lo cosas|pertenencias|que`, ""},
	// Suicidal, named: "tengo pensamientos suicidas", "estoy muy suicida".
	{Suicide, `estoy|siento|sigo|ando|sentia|estaba|soy|pongo|puse|sintiendo|sentirme [bastante|super|algo] [un] [poco] suicida|suicidas`, ""},
	// Feeling a burden, a means made ready.
	{Suicide, `soy|siento|sentirme|sentir|siendo un|una estorbo|carga !a|de`, ""},
	{Suicide, `soga|cuerda|pastillas|navaja|navajas|pistola|arma ~2 lista|listas|listo|preparada|preparadas|preparado|cargada`, "unless:routine"},
	{Suicide, `pensamientos|ideas|ideacion|impulsos|deseos suicida|suicidas`, ""},
	{Suicide, `tuve|he|hice un|otro|mi intento de suicidio`, ""},
	{Suicide, `pienso|pensando|pense|pensar en|sobre [el] suicidio`, ""},
	// Self-harm: "me corté anoche", "me sigo cortando", "me voy a cortar",
	// "me quiero cortar otra vez". Not "me voy a cortar el pelo", "me
	// corté el dedo cocinando", "me corté las uñas".
	{SelfHarm, `me ( corte|corto|cortaba|cortare | sigo|estoy|estuve cortando | volvi|vuelvo a cortar | he [estado] cortado|cortando | voy|iba a cortar | quiero|quisiera cortar ) ( $ | otra|de|anoche|ayer|hoy|esta|mucho|mas|profundo|todos|cada|cuando|porque|y|ya|para|seguido | los brazos|muslos | las piernas|munecas|venas | la piel|muneca | el brazo | con [la|una|el|un|mi|mis|las] navaja|navajas|cuchilla|cuchillas|cutter|rastrillo|sacapuntas )`, "harm"},
	{SelfHarm, `me ( voy|iba|vuelvo a | quiero|quisiera ) lastimar|herir|autolesionar ( $ | otra|de|hoy|esta|anoche|ya )`, "harm"},
	{SelfHarm, `me voy|iba|vuelvo a hacer dano|danio`, "harm"},
	{SelfHarm, `me quiero|quisiera hacer dano|danio`, "harm"},
	{SelfHarm, `me haria|hare|hago|hice|he|estoy [hecho|haciendo] dano|danio`, "harm"},
	{SelfHarm, `me lastime|lastimo|lastimaba|queme|quemo|quemaba|golpeo|golpee|golpeaba|rasguno|rasgune ( $ | otra|de|anoche|ayer|hoy|hasta | los brazos|muslos | las piernas|munecas | la piel )`, "harm"},
	{SelfHarm, `( volvi|vuelvo a | sigo ) cortarme|lastimarme|autolesionarme|quemarme|golpearme|cortando|lastimandome|autolesionandome|quemandome`, "harm"},
	{SelfHarm, `recai|recaida|recaer con|en [la|el|las|los] navaja|navajas|cutter|cuchilla|cuchillas|cortarme|autolesionarme|autolesiones|autolesion|cortes`, ""},
	{SelfHarm, `me ( sigo|estoy | he estado | estuve ) autolesionando|cortando|lastimando|quemando|golpeando|rasgunando`, "harm"},
	{SelfHarm, `cortandome|lastimandome|autolesionandome|quemandome|golpeandome`, "harm"},
	// Harm to others: "lo voy a matar", "quiero matarlo", "voy a matar a
	// mi jefe", "le voy a hacer daño". Not "mi mamá me va a matar", "hoy
	// voy a matar ese examen".
	{HarmToOthers, `lo|la|los|las|te|le|les voy|vamos|iba|quiero|quisiera|pienso|vuelvo [a] @eshverb`, ""},
	{HarmToOthers, `@esint @eshclitic`, ""},
	{HarmToOthers, `@esint @eshverb a @esperson`, ""},
	{HarmToOthers, `lo|la|los|las quiero|quisiera [ver] muerto|muerta|muertos|muertas`, ""},
	{HarmToOthers, `me|nos la|las va|van|vas|pagara|pagaran a pagar`, "ctx:weapon"},
	{HarmToOthers, `me|nos la|las pagaran|pagara`, "ctx:weapon"},
	{HarmToOthers, `los|las|lo|la|te voy|vamos a hacer pagar`, "ctx:weapon"},
	{HarmToOthers, `se|te|les van|va|vas a arrepentir`, "ctx:weapon"},
	{HarmToOthers, `llevar|llevo|llevare|traer|traigo [la|mi|una|el|un] ~1 @esarma a|al [la|el] escuela|trabajo|oficina|iglesia|clase|universidad|fiesta|prepa|colegio|secundaria|junta|reunion`, ""},
	{HarmToOthers, `voy|vamos a balacear|tirotear [la|el] ~1 escuela|trabajo|oficina|iglesia|universidad|fiesta|prepa|colegio`, ""},
	// Suicide in the first person, whatever comes before it: "tengo todo
	// planeado para quitarme la vida", "he pensado en suicidarme". Not
	// "matarme", which is also "kill me" ("mi mamá va a matarme").
	{Suicide, `suicidarme|ahorcarme|envenenarme | quitarme la vida | ( acabar|terminar ) con mi vida|existencia`, "kill"},
	{Suicide, `mejor me muero|mato|suicido|muera`, ""},
	{Suicide, `estaria|estarian|seria|estariamos mejor muerto|muerta|muertos`, ""},
	{Suicide, `( quisiera|ojala|desearia|deseo | hubiera preferido ) no|nunca haber nacido`, ""},
	{Suicide, `quiero|quisiera|ojala|deseo|necesito que todo ( se acabe | termine|acabe | se termine | terminara|acabara | se acabara | se terminara )`, "self"},
	// It ends today: "hoy se acaba todo", "esta noche termina todo".
	{Suicide, `( hoy | esta noche | manana|pronto|ya ) ~2 ( se acaba | acaba|termina | se termina | terminara|acabara | se acabara | se terminara ) todo !el|la|lo|los|las|entre`, "self unless:errand"},
	{Suicide, `todo ( se acaba | acaba|termina | se termina | terminara|acabara | se acabara | se terminara ) ( hoy | esta noche | manana|pronto|ya )`, "self unless:errand"},
	// Questions of lethality: "busqué cuántas pastillas hacen falta para
	// no despertar", "qué pastillas son más letales".
	{Suicide, `cuantas|cuanto|cuantos ~5 para|pa @esfin`, ""},
	{Suicide, `letal|letales|mortal|mortales`, "self ctx:drugs"},
	{Suicide, `forma|formas|manera|maneras|metodo|metodos ~3 rapida|facil|indolora|efectiva|segura|menos ~2 de|para ( morir|matarme|suicidarme | quitarme la vida )`, ""},
	// The act: poison, "me quemé a propósito", "hasta sangrar".
	{Suicide, `tome|tomar|tomarme|trague|bebi|beber|tomando|bebiendo ~2 cloro|veneno|raticida|lejia|insecticida|anticongelante|matarratas`, ""},
	{SelfHarm, `me ( corte|queme|golpee|lastime|pegue|rasgune|mordi|corto|quemo|golpeo|lastimo | hice dano ) ~4 ( a proposito | adrede|aproposito )`, ""},
	{SelfHarm, `hasta ( sangrar | que sangre | que sangro | sacarme sangre | hacerme sangre )`, "harm"},
	{SelfHarm, `( necesito|quiero|merezco | ganas de ) ( sentir dolor | sangrar | ver sangre | sufrir | castigarme )`, ""},
	{SelfHarm, `me queme|quemo|quemaba ~2 con ( cigarro|cigarros|cigarrillo|cigarrillos|encendedor|cerillo|cerillos|cerillas|mechero )`, ""},
	// Giving things away: "ya regalé mis cosas".
	{Suicide, `regale|regalando|regalar|regalo|reparti|repartiendo|repartir|regalado|repartido [todas] mis|todas cosas|pertenencias|posesiones|mascotas`, "unless:errand"},
	// Notes: "les dejé cartas a mis hijos por si acaso", "para cuando lean
	// esto ya no estaré".
	{Suicide, `deje|escribi|dejando|escribiendo|tengo|prepare|escrito|dejado ~3 cartas|carta|notas|nota ~6 ( por si acaso | por si algo | para cuando | para despues | cuando me vaya | cuando ya no este )`, ""},
	{Suicide, `para cuando ~4 lean|leas|lea|vean|veas|vea|encuentren|encuentres esto|este`, "unless:errand"},
	{Suicide, `nadie|no me encuentre|encuentren|encuentra|encontrara|encontraran ~4 ( tarde | demasiado tarde )`, ""},
	// Not lasting, not a burden much longer: "no me van a tener que
	// aguantar mucho tiempo más", "pronto dejaré de ser una carga".
	{Suicide, `( no | ya no ) ( me|nos ) ( van|vas|va a tener | tendran|tendras|tendra ) que ( aguantar|soportar|cuidar|mantener|ver|cargar|sufrir ) ~1 ( mucho [tiempo] mas | por mucho [tiempo] | mas tiempo | nunca mas )`, "noneg self"},
	{Suicide, `( pronto | dentro de poco ) ~3 ( no | ya no ) ( tendran|tendras|tendra | van|vas|va a tener ) que ( aguantarme|soportarme|cuidarme|verme|mantenerme|cargarme | ( preocuparse|preocuparte|preocuparnos|lidiar ) ( por mi | conmigo ) )`, "noneg self"},
	{Suicide, `( ya no | pronto no | no ) ( voy a ser | sere | seguire siendo ) una|un carga|estorbo|problema|molestia ( para nadie | nunca mas | mas | por mucho )`, "noneg"},
	{Suicide, `( dejar|dejare|dejaria | voy a dejar ) de ser una|un carga|estorbo|problema|molestia !economica|financiera|economico`, ""},
	{Suicide, `librar|librarse|libraran|librara|liberar|liberarse|liberaran|deshacer|deshacerse|desharan|desharas de mi`, ""},
	{Suicide, `ya no estare ( aqui | $ | para | con ustedes | mas )`, "unless:errand"},
	// Joining the dead: "quiero irme con mi mamá al cielo".
	{Suicide, `( irme|iria | quiero|quisiera|voy a ir | me voy ) ~3 al cielo`, ""},
	{Suicide, `( reunirme|estar|irme|ver|verla|verlo|abrazarla|abrazarlo ) ~2 con ( mi ~1 @espnoun | el|ella | @esfamily ) ( pronto | en el cielo | otra vez pronto )`, "obj ctx:death"},
	// Lured, at a height: "el puente me está llamando", "estoy en la
	// azotea y quiero saltar".
	{Suicide, `puente|vias|azotea|rio|soga|cuerda|pastillas|navaja|muerte|vacio ~3 me ( llama|llaman | esta|estan|sigue|siguen llamando | llamando )`, ""},
	{Suicide, `( quiero|quisiera | ganas de | voy a | a punto de | pienso | pensando en ) saltar|brincar|aventarme|tirarme|lanzarme $`, "ctx:height"},
	{Suicide, `saltar|brincar|salto|salte del|desde ~3 @alto`, ""},
	// Command voices: "las voces me dicen que me mate".
	{Suicide, `voz|voces ~3 me ( dicen|dice|piden|pide|ordenan|ordena|mandan|manda|gritan|grita|susurran|insisten ) [que] ( me mate | me suicide | me corte | me lastime | me haga dano | me muera | muera | salte | me tire | me aviente | me ahorque )`, "self"},
	{HarmToOthers, `voz|voces ~3 me ( dicen|dice|piden|pide|ordenan|ordena|mandan|manda|gritan|grita|susurran|insisten ) [que] ( lo|la|los|las|le|les mate|lastime|apunale|ahogue|ahorque | le|les haga dano | mate|lastime a )`, "self"},
	// "si se acerca a mis hijos lo mato".
	{HarmToOthers, `lo|la|los|las|te mato|matare|mataria|apunalo|acuchillo|ahorco|estrangulo|degollo|balaceo|mataremos`, "self"},
	{HarmToOthers, `voy|vamos|ir|llegar armado|armada|armados ~2 a|al escuela|trabajo|oficina|iglesia|clase|universidad|fiesta|prepa|colegio|secundaria`, ""},

	// Weak phrases, in pairs of different kinds (see the English rules).
	{Suicide, `gracias por todo !lo|el|la|los|las|hoy|esta|este|de`, "weak:thanks self unless:later"},
	{Suicide, `los|las|te quiero|amo ( $ | mucho | a todos|todas | muchisimo | con todo )`, "weak:love self unless:later"},
	{Suicide, `( diganle|dile|digan|decirle ) ~3 que la|lo|los|las quiero|amo`, "weak:love self unless:later"},
	{Suicide, `perdon|perdonen|perdonenme|perdoname|perdonadme ( por todo | $ ) | lo siento por todo | no es culpa de nadie | no es tu|su culpa | no es culpa ( tuya|suya | de ustedes )`, "weak:sorry self unless:later"},
	{Suicide, `adios|chao|chau|bye`, "weak:bye self unless:later"},
	{Suicide, `( fue | ha sido ) un gusto|placer|honor conocerlos|conocerlas|conocerte|conocer`, "weak:knowing self unless:errand"},
	{Suicide, `me despido ~1 ( de todos | de ustedes | de ti | de mi familia | para siempre )`, "weak:bye self unless:later"},
	{Suicide, `( fueron|fuiste | han sido ) [muy|tan] bueno|buena|buenos|buenas|lindos|lindas conmigo`, "weak:valediction self unless:later"},
	{Suicide, `cuiden|cuida|cuidar|cuidenme|cuidame ( a|de ) ( mi|mis ) ~1 perro|gato|perros|gatos|hijos|hijo|hija|mama|papa|familia|mascotas|plantas`, "weak:care self unless:errand"},
	{Suicide, `( deje|escribi|dejando|escribiendo|escrito|dejado ) ~3 cartas|carta|notas|nota ~1 a|para ( mis|mi|cada|todos )`, "weak:note"},
	{Suicide, `cartas|carta|notas|nota ~5 cajon|sobre|almohada|buro|cajonera`, "weak:hide self"},
	{Suicide, `regale|regalando|regalado|regalar|reparti|repartiendo|repartir|done|donando`, "weak:give unless:safe"},
	{Suicide, `no lo|la|los|las [voy a] necesitar|necesitare|necesitaria [mas] | ya no lo|la|los|las voy a necesitar`, "weak:need noneg"},
	{Suicide, `no creo|pienso ~1 que llegue|dure|aguante|viva|sobreviva|siga ~3 fin|final|navidad|manana|cumpleanos|ano|mes|semana|viernes|sabado|domingo|lunes|verano|invierno|diciembre`, "weak:notlast unless:errand"},
	{Suicide, `( hoy | esta noche | manana ) ( es | sera ) el|la dia|noche|fecha`, "weak:when unless:errand"},
	{Suicide, `ya ( elegi|escogi|tengo|decidi|puse ) ( el dia | la fecha | la hora )`, "weak:when"},
	{Suicide, `espero|esperar|esperando|espere a|que ~2 ( se duerman | se duerma | duerman | se vayan | se vaya | salgan | salga | no haya nadie | no este nadie )`, "weak:when"},
	{Suicide, `ya ( lo decidi | lo tengo decidido | esta decidido | tome la|una decision ) $ | no hay vuelta atras | ya lo tengo ~1 decidido|pensado|planeado|listo|preparado | tengo ( un plan | todo planeado | todo listo | todo preparado ) !para|de|con|que|b`, "weak:resolve unless:errand"},
	{Suicide, `( se|decidi|elegi | tengo pensado ) como|cuando|donde ( hacerlo | lo voy a hacer | lo hare ) | mi plan es hacerlo`, "weak:howwhen self"},
	{Suicide, `ya no puedo ( mas | seguir ) | no puedo mas $ | ya no aguanto|soporto [mas] $ | no aguanto mas $ | me rindo | estoy harto|harta|cansado|cansada de todo | no veo salida|futuro | nada va a mejorar | ya no puedo con esto`, "weak:distress"},
	{Suicide, `( estoy|ando|sentado|sentada|parado|parada ) en|arriba ( el|la | lo alto de ) ~1 puente|azotea|techo|edificio|balcon|vias|acantilado|cornisa|orilla ( ahorita|ahora|ya|y | $ )`, "weak:place any"},
	{Suicide, `ya ( tengo|traigo|compre|consegui ) ~2 el|la|un|una|las|los ~1 ( @esarma | soga|cuerda|pastillas|veneno )`, "weak:means any unless:safe"},
	{Suicide, `( tengo | estoy contando | conte ) ~1 las|mis pastillas ~2 ( en la mano | contadas | aqui | enfrente | listas )`, "weak:means any unless:safe"},
	{Suicide, `afilando|afile|afilar ~2 cuchillo|navaja|machete`, "weak:means any unless:safe"},
	{Suicide, `lo digo en serio | no es broma | no estoy bromeando|jugando | va en serio | hablo en serio`, "weak:serious any"},
	{HarmToOthers, `( le|les|te ) ~2 ( va|van|vas ) a pesar | me la|las ( va|van|vas ) a pagar | me la|las pagara|pagaran | se ( va|van ) a arrepentir`, "weak:threat self unless:legal"},
	{HarmToOthers, `donde vive|trabaja|duerme|estaciona|estudia`, "weak:stalk self unless:legal"},

	{Suicide, `no merezco|mereceria ( vivir | estar vivo|viva | existir | seguir vivo|viva )`, ""},
	{Suicide, `no ( deberia|debi|debo ) ( estar vivo|viva | existir | haber nacido | seguir vivo|viva|aqui )`, ""},
	{Suicide, `valor|valentia|agallas|huevos ( para|de ) ( hacerlo | matarme | suicidarme | quitarme la vida | saltar | terminar|acabar con todo )`, ""},
	{Suicide, `no tiene|le veo|hay caso|chiste|objeto ( seguir|vivir | seguir viviendo | la vida | estar vivo|viva | despertar )`, ""},
	{Suicide, `para|pa que ( sigo|estoy ) ( vivo|viva|aqui ) | para|pa que vivo`, ""},
	{Suicide, `( estarian|estaria|estaran|estara|vivirian|viviria|serian|seria ) mejor sin ( alguien como yo | una|un ~1 como yo )`, "self"},
	{Suicide, `usarla|usarlo|usarlas|usarlos ( en|contra ) mi`, ""},
	{Suicide, `( hacer|atar|amarrar ) ~2 ( nudo corredizo | horca | soga )`, ""},
	{Suicide, `me lavaron el estomago`, "past"},
	{SelfHarm, `me ( raje|rajo|rajaba|abri|abro ) ( el|los|las|la ) ~1 venas|brazo|brazos|muneca|munecas|piernas|muslos|piel`, "harm"},
	{SelfHarm, `me ( hice|hago | he hecho ) ~1 cortes|cortadas|heridas|quemaduras`, "harm"},
	{SelfHarm, `cortes|cortadas|heridas|quemaduras nuevos|nuevas|frescos|frescas|recientes|profundos|profundas | nuevos|nuevas cortes|cortadas|heridas|quemaduras`, "harm"},
	{HarmToOthers, `quemar|incendiar ~3 casa|escuela|oficina ~4 adentro|dentro`, ""},
	{Suicide, `ya no voy a estar $ | ya no voy a molestar|estorbar ( $ | mas | a nadie )`, "weak:notlast unless:errand"},
	{Suicide, `( dejar|dejo|deje|dejando | voy a dejar ) todo ( a|para )`, "weak:give unless:safe"},
	{Suicide, `( si | no se si ) saltar|brincar|aventarme|tirarme|lanzarme`, "weak:height"},
	{Suicide, `no me busquen|busques | los|las|te voy a extranar`, "weak:bye self unless:later"},
	{Suicide, `hice|hize|escribi|actualice ~1 mi testamento | cancele ~2 citas|planes | borre ~2 cuentas|redes|perfil`, "weak:affairs"},

	{Suicide, `no ~4 seguir viviendo | ( sin|ni ) fuerzas|ganas|razones|motivos para seguir`, "noneg"},
	{Suicide, `( la ultima|ultima ) vez que ~3 ( leer|leen|lean|ver|ven|vean|saber|sabran|escuchar|oir|hablar )`, "self unless:later"},
	{Suicide, `mejor @esdie | desaparecer para siempre !de|del`, ""},
	{Suicide, `( quiero|quisiera|ojala|deseo|espero|rezo ) que me ( atropelle|atropellen|mate|maten|caiga|aplaste|lleve )`, ""},
	{Suicide, `sobro ( en este mundo | aqui | en la vida | en esta vida | en el mundo | $ )`, ""},
	{Suicide, `motor|carro|coche|auto ( prendido|encendido|andando | en marcha )`, "ctx:garage"},
	{SelfHarm, `( quiero|necesito|extrano | ganas de ) sentir ~4 navaja|cuchilla|filo|sangre|cortes`, ""},
	{SelfHarm, `quemando|quemandome|cortando|cortandome ~1 con ( cigarro|cigarros|encendedor|navaja|cuchilla|cuchillas|vidrio|cerillos )`, "harm"},
	{HarmToOthers, `hacer|hare|voy a hacer que ~1 se arrepientan|arrepienta`, "weak:threat self unless:legal"},
	{Suicide, `ya ( prepare|organice|deje|tengo ) todo ( listo | preparado | $ ) | ( esta | tengo ) todo listo $`, "weak:resolve"},
	{Suicide, `( manana | hoy | esta noche ) me voy $ | ( hoy | esta noche | manana ) ( se acaba | termina | se termina ) $`, "weak:when self unless:errand"},
	{Suicide, `( perdonenme|perdoname|perdon|perdonen ) ~2 por lo que ( voy a hacer | estoy por hacer | voy a hacerme )`, ""},
	{Suicide, `( que paz|alivio | seria|seria mas facil|mejor ) ~3 ( no existir | morir | morirme | estar muerto|muerta | no despertar )`, ""},
	{Suicide, `( ya no | no ) voy a ( existir | estar vivo|viva | seguir vivo|viva ) !para`, ""},
	{Suicide, `mejor muerto|muerta|muertos $`, ""},
	{Suicide, `me canse|harte de ( vivir | existir | la vida | estar vivo|viva )`, ""},
	{Suicide, `lo que ( queda|quedan|quede ) ~2 @esdrug`, "ctx:takees"},
	{Suicide, `( la|las|lo|me ) ( van a encontrar | encontraran | encuentren )`, "weak:hide self"},
	{Suicide, `ya escribi ~2 carta|cartas|nota|notas`, "weak:note"},
	{Suicide, `deje|dejo|dejando|dejare ( mi|mis ) ~2 a ( mi|mis )`, "weak:give unless:safe"},
	{Suicide, `de una vez por todas`, "weak:resolve"},
	{Suicide, `soga|cuerda|navaja|navajas|cuchilla|cuchillas|pistola|veneno|cloro`, "weak:means any unless:safe"},
	{Suicide, `escondi|escondo|escondiendo|escondidas ~4 de ( mi ~1 @espnoun | todos|ellos|el|ella )`, "weak:secret"},
	{Suicide, `( @esdrug | @esarma | soga|cuerda ) ~3 ( aqui conmigo | conmigo | a mi lado | en la mano | en mis manos | enfrente de mi | junto a mi )`, "weak:means any unless:safe"},
}

// heID is the id of "he", English "he" and Spanish "i have"; meID of "me".
var heID, meID int32

var (
	rules []rule
	// byFirst lists, for each vocabulary id, the rules whose matches can
	// start with that word.
	byFirst [][]int32
)

func init() {
	setupGuards()
	// Maps are walked in sorted order so the vocabulary is the same in
	// every process.
	for _, name := range slices.Sorted(maps.Keys(ctxWords)) {
		ctxSets[name] = &ctxSet{n: len(ctxSets), words: newWordSet(ctxWords[name])}
	}
	for _, name := range slices.Sorted(maps.Keys(unlessPats)) {
		unlessSets[name] = &unlessSet{n: len(unlessSets), progs: compileAll(unlessPats[name])}
	}
	first := map[int32][]int32{}
	for _, set := range []struct {
		lang  langMask
		specs []spec
	}{{langEN, enRules}, {langES, esRules}} {
		for _, sp := range set.specs {
			prog, fw, err := compilePattern(sp.pat, macros, true)
			if err != nil {
				panic(fmt.Sprintf("risk: rule %q: %v", sp.pat, err))
			}
			r := rule{lang: set.lang, cat: sp.cat, pat: sp.pat, prog: prog}
			for _, o := range strings.Fields(sp.opts) {
				switch {
				case o == "self":
					r.noSubj = true
				case o == "obj":
					r.objOK = true
				case o == "noneg":
					r.noNeg = true
				case o == "past":
					r.past = true
				case o == "kill":
					r.idiom = idiomKill
				case o == "harm":
					r.idiom = idiomHarm
				case strings.HasPrefix(o, "ctx:"):
					c, ok := ctxSets[o[4:]]
					if !ok {
						panic("risk: unknown context " + o)
					}
					r.ctx = c
				case strings.HasPrefix(o, "unless:"):
					u, ok := unlessSets[o[7:]]
					if !ok {
						panic("risk: unknown unless set " + o)
					}
					r.unless = u
				case strings.HasPrefix(o, "weak:"):
					k := slices.Index(weakKinds, o[5:])
					if k < 0 {
						k = len(weakKinds)
						weakKinds = append(weakKinds, o[5:])
						if len(weakKinds) > 63 {
							panic("risk: too many weak kinds")
						}
					}
					r.weak = k + 1
					if slices.Contains(softKinds, o[5:]) {
						softKind[r.weak] = true
					}
				case o == "any":
					r.anyCat = true
				default:
					panic("risk: unknown rule option " + o)
				}
			}
			if r.anyCat && r.weak == 0 {
				panic(fmt.Sprintf("risk: rule %q: any without weak", sp.pat))
			}
			for _, id := range fw {
				first[id] = append(first[id], int32(len(rules)))
			}
			rules = append(rules, r)
		}
	}
	for _, w := range strings.Fields(fuzzyWords) {
		fuzzyKeywords = append(fuzzyKeywords, fuzzyKeyword{squeeze(w), intern(w)})
	}
	for _, k := range slices.Sorted(maps.Keys(expansions)) {
		for _, w := range expansions[k].words {
			intern(w)
		}
	}
	setupProps()
	heID = vocab["he"]
	meID = intern("me")
	byFirst = make([][]int32, len(vocabWords))
	for id, rs := range first {
		byFirst[id] = rs
	}
}
