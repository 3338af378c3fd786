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
}

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
	"height": `roof rooftop ledge edge bridge building balcony cliff window tower top floor parapet`,
	"death": `died dead death passed gone lost heaven grave funeral widow widower murio muerto
		muerta fallecio perdi`,
	"plan": `letters letter note notes pills plan die death dying kill suicide gun rope goodbye
		goodbyes end ending overdose bridge jump noose life`,
	"farewell": `sorry done forever love forgive last tired burden end ending pills rope
		anymore longer`,
	"after": `sorry miss insurance long better goodbye letter letters funeral regret realize
		happy care notice will`,
}

var ctxSets = map[string]*ctxSet{}

// macros are named alternatives shared by the rules.
var macros = map[string]string{
	// English
	"self":  `myself|ourselves|myslf`,
	"aself": `myself|ourselves|myslf|himself|herself|themselves|themself|yourself|yourselves|urself|hisself|oneself`,
	"kill":  `kill|kills|killing|killed|unalive|unalives|unaliving|unalived|off|offs|offing|offed|murder|murdering|end|ending`,
	// Desire: "want to die", "ready to die", "deserve to die".
	"want": `want|wants|wanted|wanting|wish|wishes|wished|wishing|need|needs|needed|needing|deserve|deserves|long|longing|ready|prepared|crave|craving|tempted|yearn|yearning|prefer`,
	// Plans and modals: "going to", "about to", "will", "should just".
	"intent": `going|about|planning|plan|plans|planned|decided|decide|deciding|determined|trying|try|tries|tried|attempted|attempt|attempting|attempts|intend|intending|intends|got|have|has|had|will|shall|would|might|may|should|must|able`,
	// Thinking about it, looking it up.
	"thought": `think|thinks|thinking|thought|thoughts|consider|considering|considered|contemplate|contemplating|contemplated|fantasize|fantasizing|fantasise|fantasising|fantasized|fantasies|fantasy|dream|dreaming|dreamt|dreamed|daydream|daydreaming|obsess|obsessing|obsessed|imagine|imagining|imagined|picture|picturing|pictured|visualize|visualizing|google|googling|googled|research|researching|researched|search|searching|searched|looked|looking`,
	"about":   `about|of|up|into|over|on|how`,
	"high":    `bridge|roof|rooftop|building|balcony|cliff|ledge|window|tower|overpass|garage|skyscraper|train|trains|bus|truck|lorry|car|cars|traffic|tracks|subway|metro|highway|freeway|motorway|platform|railway|parapet`,
	"drug":    `sleeping|sleep pills|tablets|meds | pills|pill|meds|medication|medications|medicine|medicines|tablets|painkillers|sleeping|xanax|tylenol|paracetamol|ibuprofen|oxy|oxycodone|insulin|benzos|opioids|fentanyl|heroin|bottle|bottles|cabinet`,
	"weapon":  `gun|guns|pistol|rifle|shotgun|handgun|knife|knives|blade|bat|machete|axe|weapon|firearm|glock|revolver`,
	"hverb":   `kill|murder|hurt|harm|stab|shoot|strangle|choke|slaughter|poison|torture|attack|knife|shank|smother|suffocate|drown|execute|maim|massacre|butcher|kidnap|rape`,
	// People a threat can be aimed at. "this exam", "the lights" and
	// "time" are not people, which keeps "kill this exam" out.
	"pnoun":   `boss|ex|stepdad|stepmom|stepfather|stepmother|dad|father|mom|mum|mother|brother|sister|wife|husband|boyfriend|girlfriend|bf|gf|partner|coworker|coworkers|colleague|colleagues|neighbor|neighbors|neighbour|neighbours|teacher|teachers|roommate|landlord|kid|kids|baby|babies|son|daughter|child|children|family|friend|friends|guy|guys|girl|man|woman|bitch|bastard|idiot|asshole|cop|cops|manager|uncle|aunt|cousin|classmate|classmates|student|students|grandma|grandpa|bully|bullies|fiance|fiancee|exhusband|exwife|exboyfriend|exgirlfriend|supervisor|principal|pastor|priest|doctor|therapist|dude|prick|cunt|motherfucker|fucker|jerk|stepson|stepdaughter|parents|inlaws|ceo|officer|customer|tenant|driver`,
	"person":  `him|her|them|you|everyone|everybody|someone|somebody|anyone|anybody|whoever|people | all of them | every one of them | ( my|his|her|their|our|your|that|this|the|those|these|some|every|a ) ~2 @pnoun`,
	"hintent": `want|wants|wanted|wanting|going|about|planning|plan|plans|decided|ready|need|needs|will|shall|would|tempted|urge|urges|swear|intend|intending|got|have`,
	"place":   `school|office|work|workplace|church|mall|place|party|club|class|campus|building|store|station|concert|synagogue|mosque|temple|hospital|plant|factory|warehouse|meeting|house|home|college|university|restaurant|bar`,

	// Spanish
	// Desire, plan and thought before an infinitive: "quiero morirme",
	// "voy a matarme", "pienso en suicidarme", "ganas de morir".
	"esint": `( quiero|quisiera|queria|quiere|quieren|deseo|necesito|planeo|prefiero|decidi|intente|intento|quise|querer|queriendo|pienso|pense|pensando|pensar|sueno|fantaseo|trate|tratar ) [en|de|con] | ( voy|vamos|va|van|iba|vas ) a | ganas de | me gustaria | ( lista|listo|dispuesta|dispuesto|decidida|decidido ) [a|para] | a punto de | ojala`,
	// Suicide as an infinitive, with the pronoun that says who.
	"esdie":  `matarme|matarse|suicidarme|suicidarse|suicidar | [el] suicidio | ( quitarme|quitarse ) la vida | ( acabar|terminar ) con ( mi|su ) ( vida|existencia ) | ( acabar|terminar ) con todo | ahorcarme|ahorcarse|envenenarme|envenenarse | ( colgarme|colgarse ) !el|la|los|las|un|una|mi|tu|su|unos|unas | dejar de ( existir|vivir ) | desaparecer para siempre | desaparecer ( del|de ) [este] mundo | ( irme|irse ) de este mundo | ( irme|irse ) para siempre | ( pegarme|pegarse|darme|darse ) un ( tiro|balazo ) | no ( despertar|despertarme|existir )`,
	"esharm": `lastimarme|lastimarse|autolesionarme|autolesionarse|quemarme|quemarse|golpearme|golpearse|herirme|herirse|rasgunarme|castigarme | ( hacerme|hacerse ) ( dano|danio ) | ( cortarme|cortarse ) ( las|los ) ( venas|brazos|munecas|piernas|muslos ) | ( cortarme|cortarse ) !el|la|los|las|un|una|mi|mis|tu|su`,
	"alto":   `puente|edificio|azotea|techo|ventana|balcon|vias|via|tren|metro|carretera|acantilado|piso|precipicio|camion|coche|carro|auto|trafico|autopista|risco|torre|barranco|segundo|tercer|decimo`,
	"esdrug": `pastillas|pastilla|pildoras|medicamentos|medicinas|frasco|caja|pastillero|botiquin|clonazepam|paracetamol|tafil|rivotril`,
	// Threats: the verb, the person, and the clitic pronoun ("lo voy a
	// matar") or enclitic one ("quiero matarlo").
	"eshverb":   `matar|asesinar|apunalar|acuchillar|balear|ahorcar|estrangular|golpear|madrear|lastimar|herir|envenenar|quemar|atropellar|rajar|degollar|disparar | hacer ( dano|danio ) | ( pegar|meter|dar ) un ( tiro|balazo|plomazo ) | ( romper|partir|reventar ) la ( cabeza|cara|madre|crisma|jeta ) | romper el cuello`,
	"eshclitic": `matarlo|matarla|matarlos|matarlas|matarte|matarle|matarles|asesinarlo|asesinarla|asesinarte|apunalarlo|apunalarla|apunalarte|acuchillarlo|acuchillarla|balearlo|balearla|ahorcarlo|ahorcarla|estrangularlo|estrangularla|estrangularte|golpearlo|golpearla|golpearte|madrearlo|madrearla|lastimarlo|lastimarla|lastimarte|lastimarlos|herirlo|herirla|envenenarlo|envenenarla|quemarlo|quemarla|atropellarlo|atropellarla|dispararle|dispararles|dispararte | ( hacerle|hacerles|hacerte ) ( dano|danio ) | ( pegarle|pegarte|meterle|darle ) un ( tiro|balazo|plomazo ) | ( romperle|partirle|romperte|partirte|reventarle ) la ( cabeza|cara|madre|crisma|jeta )`,
	"espnoun":   `jefe|jefa|ex|padrastro|madrastra|papa|mama|padre|madre|hermano|hermana|esposo|esposa|marido|mujer|novio|novia|pareja|companero|companera|companeros|vecino|vecina|vecinos|maestro|maestra|profesor|profesora|hijo|hija|hijos|bebe|nino|nina|ninos|amigo|amiga|amigos|tipo|tipa|vieja|viejo|idiota|cabron|cabrona|pendejo|pendeja|perra|gente|primo|prima|tio|tia|abuelo|abuela|suegra|suegro|cunado|cunada|familia|desgraciado|desgraciada|imbecil|estupido|estupida|supervisor|gerente|policia|maldito|maldita`,
	"esperson":  `todos|todas|alguien|cualquiera|ustedes|ellos|ellas|ella | ( mi|mis|ese|esa|esos|esas|el|la|los|las|tu|su|sus|este|esta|estos|estas|aquel|aquella ) ~1 @espnoun`,
	"esarma":    `pistola|arma|cuchillo|navaja|rifle|escopeta|revolver|machete|cuerno`,
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
	{Suicide, `better|rather off dead`, ""},
	{Suicide, `wish|wished|wishing|hope|hoping|hoped|pray|praying|prayed [that] i [would|could|will|might|can|do] die`, ""},
	{Suicide, `wish|wished|wishing|hope|hoping|hoped|pray|praying|prayed [that] i ( was|were|am | could|would be ) dead`, ""},
	{Suicide, `wish|wished|wishing|hope|hoping|hoped|pray|praying|prayed [that] i ( would|will|do|did|could|can|might ) not|never wake|exist`, ""},
	{Suicide, `wish|wished|wishing|hope|hoping|hoped|pray|praying|prayed [that] i never wake|existed`, ""},
	{Suicide, `wish|wished|wishing [that] i had|was|were never [been] born`, ""},
	{Suicide, `wish|wished|wishing|hope|hoping [that] i could|would|can|will ( disappear|vanish|die | stop existing | sleep forever | fall|go [to] asleep forever )`, ""},
	// The negative life wish: "i don't want to live anymore", "i no
	// longer want to be alive", "i don't want to wake up tomorrow". Not
	// "live with my parents", "wake up early".
	{Suicide, `( do|does|did not | no longer | never ) want|wish|need to live !with|in|like|alone|there|near|close|by|at|here|forever|without|on|under|through|a|my|your|for`, ""},
	{Suicide, `( do|does|did not | no longer | never ) want|wish|need to ( be alive | exist | be here anymore | be around anymore | keep living | keep going | keep existing | be on this earth | be in this world | exist anymore | go on $ | go on anymore | breathe anymore | be anymore )`, ""},
	{Suicide, `( do|does|did not | no longer | never ) want|wish|need to wake [up] !early|at|before|for|late|in|with|to|alone|next`, ""},
	// "there's no reason to live", "nothing left to live for", "what's the
	// point of going on". Not "the point of this meeting", "going on a trip".
	{Suicide, `no|not|nothing ~2 reason|reasons|point|purpose ~2 to|in|of|for ( live|living|exist|existing | life $ | go|going|keep|keeping|carry|carrying on $ | go|going|keep|keeping|carry|carrying on anymore | keep|keeping going|living | stay|staying|be|being alive | wake|waking up $ | be|being here )`, ""},
	{Suicide, `nothing|nobody|noone [left] to live for`, ""},
	{Suicide, `what is the point of|in ( living|life|existing|anything|it | being|staying alive | going|carrying|keep on $ | going|carrying on anymore | going on living | waking up $ | being here | any of it | trying anymore )`, ""},
	{Suicide, `what is the point anymore`, ""},
	{Suicide, `not worth ( living | it|going|fighting|waking anymore | going on )`, ""},
	{Suicide, `life|living is not worth it`, ""},
	{Suicide, `tired|sick|weary|exhausted|done of|with ( living|life|existing|breathing | being|staying alive | being|staying here $ | this life | it all )`, ""},
	// "everyone would be better off without me", "they'd be relieved if i
	// was gone", "happier if i wasn't here".
	{Suicide, `better|happier|easier|relieved|lighter [off] without me`, "self"},
	{Suicide, `better|happier|easier|relieved|lighter [off] if|when|once i was|were|am|is dead|gone`, "self"},
	{Suicide, `better|happier|easier|relieved|lighter [off] if|when|once i was|were|am|had|did|do|could|would not|never ( here|around|alive|born|exist|existed | been|be here|around|born )`, "self"},
	{Suicide, `better|happier|easier|relieved|lighter [off] if|when|once i ( died|disappeared|vanished|die|disappear | killed|kill myself | never existed | was|were never born )`, "self"},
	{Suicide, `with me gone|dead`, "self"},
	// "nobody would miss me", "no one would care if i killed myself".
	{Suicide, `( nobody|noone | no one ) ~3 miss|mourn me`, "self"},
	{Suicide, `( nobody|noone | no one ) ~3 care|notice|cry|realize ~2 if|when i ~3 gone|died|dead|disappeared|killed|die|disappear|kill|vanished`, "self"},
	// "i won't be around much longer", "i won't be here tomorrow".
	{Suicide, `( will not | am|is|are not going to ) be around|here|alive ( much longer | for much longer | long | for long | tomorrow|next|anymore|by|soon | to see | this time )`, ""},
	{Suicide, `when|once|after i am dead`, "self ctx:after"},
	{Suicide, `when|once|after i am gone $`, "self ctx:after"},
	// Means: stockpiling, researching, writing notes, a noose.
	{Suicide, `saving|saved|save|stockpiling|stockpiled|stockpile|hoarding|hoarded|hoard|stashing|stashed|stash|storing|squirreling|collecting|collected|gathering|gathered|hiding|hid [up|away] ~3 pills|pill|meds|medication|medications|medicine|tablets|painkillers|xanax|tylenol|oxy|insulin|benzos !from|at`, ""},
	// A means made ready: "i have the rope ready", "the pills are lined up".
	{Suicide, `rope|noose|pills|razor|blade|blades|gun ~2 ( ready|prepared|waiting|tied|loaded | lined up )`, ""},
	{Suicide, `enough pills|meds|tablets|medication|insulin|painkillers ~3 ( saved|stored|stashed | to do it | to die|overdose|od|kill | to end it )`, ""},
	{Suicide, `wrote|written|writing|write|finished|finishing|left|leaving|drafted|drafting|prepared|preparing|recorded|recording ~2 goodbye|farewell|suicide|last|final letter|letters|note|notes|message|messages|video|videos`, ""},
	{Suicide, `suicide note|notes|letter|letters|plan|plans|method|methods|pact`, ""},
	// "i attempted last night", "my brother attempted last year": said
	// without "suicide", an attempt is still one.
	{Suicide, `attempted ( $ | &last|yesterday|today|tonight|again|twice|before|when|in|at|as|years|once|recently )`, ""},
	{Suicide, `suicide attempt|attempts`, "past"},
	{Suicide, `in case i go|going through with it`, "self"},
	{Suicide, `in case i ( do it | do not make it )`, "self ctx:plan"},
	{Suicide, `go|going|gone|went through with it`, "ctx:plan"},
	{Suicide, `this is my [last|final] goodbye|farewell`, "self"},
	{Suicide, `my last|final message|post|words|goodbye|text`, "self"},
	{Suicide, `goodbye|bye forever|world|cruel`, "self"},
	{Suicide, `said|say|saying [my] goodbye|goodbyes|bye to ( everyone|everybody|all | my family|friends|kids|loved | the world | them all | all of you | you all )`, ""},
	{Suicide, `saying|said my goodbyes`, ""},
	{Suicide, `giving|gave|given|give away all|most [of] my|our stuff|things|belongings|possessions|pets|books|clothes|games|shit !before|because|since|for|as|while`, ""},
	{Suicide, `giving|gave|given|give away ( everything | my stuff|things|belongings|possessions|pets|pet|cat|cats|dog|dogs|guitar|collection|savings ) !before|because|since|for|as|while`, ""},
	{Suicide, `will not ( be needing | need ) ~6 ( anymore | where i am going )`, ""},
	{Suicide, `know what it|its|this|that|they|theyre [is|are] for`, "ctx:means"},
	{Suicide, `tied|tie|tying|made|make|making|bought|buy|buying|have|got|hung|hang|hanging|set|setting ~2 noose|nooses`, ""},
	{Suicide, `bought|buy|buying|got|getting ~2 rope|ropes|cord|belt ~3 hang|hanging|myself|noose`, ""},
	{Suicide, `keep|kept|keeps|been|am|was looking|staring|glancing at ( it|them | the bottle|pills|rope|gun|knife|bridge|blade|noose )`, "ctx:means"},
	{Suicide, `how many|much ~5 to ( die|overdose|od | kill myself|me|someone | kill a person | end it )`, ""},
	{Suicide, `how many|much ~5 would|will kill me`, ""},
	{Suicide, `it takes to die|overdose|od`, ""},
	{Suicide, `lethal|fatal|deadly dose|amount|overdose|quantity`, ""},
	{Suicide, `painless|painlessly|easiest|easy|quickest|quick|fastest|fast|best|surest|sure|peaceful|simplest|cleanest|effective way|ways|method|methods|means to ( die|suicide | kill myself | end it | end my life | commit suicide | do it )`, ""},
	{Suicide, `least painful way|ways|method|methods to ( die | kill myself | end it | commit suicide )`, ""},
	{Suicide, `how i would|could|will|might do it`, "self ctx:plan"},
	{Suicide, `how to ( kill myself | end my life | commit suicide | hang myself | tie a noose | overdose | od )`, ""},
	// Jumping, driving, walking into the water: a way of dying together
	// with intent or a thought ("i keep picturing myself jumping off the
	// parking garage"). Not "jump in the pool".
	{Suicide, `( @want | @intent | @thought | urge|urges ) ~3 jump|jumping|jumped|leap|leaping|step|stepping|walk|walking|run|running ( off|from|into|under|onto | in front of ) [the|a|an|my|this|that] ~2 @high`, ""},
	{Suicide, `( @want | @intent | @thought ) ~3 drive|driving|drove|swerve|swerving|crash|crashing|steer|steering [my|the|our] [car|truck] into|off [the|a|an|my] ~1 cliff|river|wall|tree|lake|bridge|traffic|oncoming|truck|lorry|pole|sea|ocean|building|barrier|overpass|train|bus`, ""},
	{Suicide, `( @want | @intent | @thought ) ~3 walk|walking|swim|swimming|go|going ( into | out into ) the sea|ocean|river|lake|water|waves|woods ~4 not|never come|coming back`, ""},
	{Suicide, `want|going|about|ready to jump $`, "ctx:height"},
	{Suicide, `disappear|disappeared|vanish|vanished ( forever|permanently | for good | from this world | from existence | off the face )`, ""},
	{Suicide, `disappear|disappeared|vanish and never|not come|coming back`, ""},
	{Suicide, `@want ~2 stop|cease ( existing|breathing | to exist )`, ""},
	{Suicide, `@want ~2 ( not | to not | not to ) ( exist | be alive | be here anymore | wake up )`, ""},
	{Suicide, `@want ~2 sleep|asleep forever|permanently`, ""},
	{Suicide, `@want ~5 and|to never|not wake [up]`, ""},
	{Suicide, `sleep|asleep and never|not wake [up]`, ""},
	// Overdose as an intention or an act ("i overdosed last night"). Not
	// "overdose awareness", "the overdose crisis".
	{Suicide, `to|i|will|might|could|should|and|going|want overdose|od !awareness|prevention|kit|deaths|crisis|epidemic|reversal`, ""},
	{Suicide, `overdosed|oded|overdosing|oding`, ""},
	{Suicide, `take|taking|took|taken|swallow|swallowing|swallowed|down|downing|downed|chug|chugging|chugged|eat|eating|ate|pop|popping|popped ( all|every|everything|handfuls|bottles | the|a whole|entire|full|rest|handful|bunch|bottle|box|pack|packet | an entire | too|way many | a lot | two|three bottles | %many ) ~4 @drug !today|on|as|like|every|each|with|this`, ""},
	{Suicide, `swallow|swallowing|swallowed everything`, ""},
	// Thinking of dying, or of suicide.
	{Suicide, `@thought [@about] ( dying|suicide|unaliving|unalive | being dead | not being|existing|waking | my own death | my funeral ) !my|her|his|the|it|hair|your|their`, ""},
	{Suicide, `suicide is|s|seems|sounds|looks|feels [looking|sounding|feeling] ( good|tempting|appealing|better|easier|nice|peaceful|attractive|inevitable|calling | like an|the | the answer|only|way|solution|best | my only|answer | an option | on my mind | always on my mind | all i think about | in my head )`, ""},
	{Suicide, `suicidal`, ""},
	{Suicide, `( @thought | considering|planning|plan|planned|preparing|prepare ) [@about] my suicide|death|funeral`, ""},
	// Feeling a burden, wondering why one is still alive.
	{Suicide, `am|feel|being|m ( a | such a | nothing but a | just a ) burden`, ""},
	{Suicide, `why ~2 i am still alive|breathing|living|here $`, ""},
	{Suicide, `death is the only|best|easiest|answer|way|option|solution|escape`, ""},
	{Suicide, `way|ways out ( except|besides | other than | apart from ) ( dying|death|suicide | to die | killing myself | ending it )`, "noneg"},
	{Suicide, `only way out ( is | would be ) ( death|dying|suicide | to die | killing myself | ending it )`, ""},
	{Suicide, `( @want | @intent ) ~2 ( join | be with ) ( him|her|them | my ~1 ) ( in|soon|there|again | $ )`, "obj ctx:death"},
	{Suicide, `hope|hoping|wish|wishing|pray|praying|want|wanting ~3 car|bus|truck|train|someone|somebody|something|lightning|plane|meteor|asteroid|bullet ~3 hits|hit|kills|kill|runs|run|shoots|shoot|crashes|ends|end|takes me`, ""},
	{Suicide, `going|about|might|will|want|afraid|scared|worried|tempted|may|could ~3 do something|anything stupid|drastic|dumb|crazy|permanent|irreversible|final`, ""},
	{Suicide, `do|doing something|anything to myself`, ""},
	{Suicide, `what i might|will|would|could|may do to myself`, ""},
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
	{Suicide, `sorry for everything`, "ctx:farewell"},
	{Suicide, `will not be a burden ( much longer | for long | anymore | soon )`, "noneg"},
	// Self-harm: the act on oneself, with accidents and idioms guarded
	// ("cut myself shaving", "beat myself up", "cut myself some slack").
	{SelfHarm, `cut|cutting|cuts|hurt|hurting|hurts|harm|harming|harmed|burn|burning|burned|burnt|hit|hitting|punch|punching|punched|starve|starving|starved|stab|stabbing|stabbed|carve|carving|carved|bruise|bruising|bruised|mutilate|mutilating|mutilated|beat|beating|choke|choking|scar|scarring|bleed|bleeding @aself`, "harm"},
	{SelfHarm, `cut|cutting|cuts|slit|slitting|slice|slicing|carve|carving|carved|burn|burning|burned|burnt [into] my|his|her arms|arm|legs|leg|thighs|thigh|skin|stomach|hips|hip|body|belly|forearm|forearms|ankles|chest|wrists|wrist`, "harm"},
	{SelfHarm, `scratch|scratching|scratched|pick|picking|picked|bite|biting|claw|clawing|punch|punching|punched|hit|hitting|bang|banging ~3 till|until|til|so ~2 bleed|bleeds|bled|bleeding|bloody|raw`, ""},
	{SelfHarm, `( i|want|wants|wanted|wanting|need|needs|urge|urges|going|tempted|itching|craving|crave|started|start|keep|kept|been|relapsed|relapse|will|might|could|should|about | thinking about ) [to|into] cut|cutting|selfharm|selfharming ( $ | again|tonight|today|now|deeper|more|badly|bad|right|myself|anymore )`, "harm"},
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
	{HarmToOthers, `@thought [@about] killing|murdering|hurting|stabbing|shooting|strangling|poisoning|torturing|choking|beating|attacking|harming @person !feelings`, ""},
	{HarmToOthers, `@hintent [to] beat|bash|smash @person to|up|senseless|until|till|bloody|with|half|black`, ""},
	{HarmToOthers, `shoot|shooting up [the|that|this|my|our|a|his|her|their] ~1 @place`, ""},
	{HarmToOthers, `@hintent [to] ( bomb | blow up | attack ) [the|that|this|my|our|a] ~1 @place`, ""},
	{HarmToOthers, `bring|bringing|take|taking|carry|carrying|brought [my|a|the|his|her|dads|moms|loaded] ~1 @weapon to|into ( work|school|class|campus|church|office|party|meeting | the ~1 office|party|meeting|school|church|mall|store | @person )`, ""},
	{HarmToOthers, `want|wants|wanted @person dead`, ""},
	{HarmToOthers, `@hintent [to] beat|kick|knock|smack the shit|crap|hell|life|living ~1 out of @person`, ""},
	{HarmToOthers, `make|making @person pay|suffer|regret|bleed`, "ctx:weapon"},
	{HarmToOthers, `know where ( he|she|they | @person ) lives|live|works|work|sleeps|sleep|goes|parks|stays`, "ctx:weapon"},
}

// Spanish rules.
var esRules = []spec{
	// "quiero morirme", "voy a matarme", "estoy pensando en suicidarme",
	// "tengo ganas de morir", "voy a quitarme la vida".
	{Suicide, `@esint [sigo] @esdie`, "kill"},
	// Dying needs desire, not a plan: "voy a morir" is fear ("siento que
	// me voy a morir" in a panic attack), "quiero morir" is a wish.
	{Suicide, `( quiero|quisiera|queria|quiere|quieren|deseo|necesito|prefiero|querer|queriendo | ganas de | ojala | me gustaria | lista|listo|dispuesta|dispuesto para | pienso|pensando|pense en ) morir|morirme|morirse`, ""},
	{SelfHarm, `@esint @esharm`, "harm"},
	{Suicide, `@esint cortarme|cortarse las venas`, ""},
	// "me quiero morir", "me voy a matar", "me quiero quitar la vida",
	// "se quiere morir" (someone else). Not "me va a matar" (somebody
	// will kill me: an idiom about a strict mother) nor "me muero de hambre".
	{Suicide, `( me quiero|quisiera|queria|deseo | se quiere|quieren|quisiera|queria ) ( morir|matar|suicidar|ahorcar|envenenar | quitar la vida | ir de este mundo | pegar un tiro|balazo | colgar !el|la|los|las|un|una|mi|tu|su )`, "kill"},
	{Suicide, `( me voy|iba|vuelvo | se va|van|iba ) a ( matar|suicidar|ahorcar|envenenar | quitar la vida | pegar|dar un tiro|balazo | colgar !el|la|los|las|un|una|mi|tu|su )`, "kill"},
	{Suicide, `( me voy|iba|vuelvo | se va|van|iba ) a cortar las venas`, ""},
	{Suicide, `me|se ( matare|mataria|suicidare|suicidaria | quitare|quitaria la vida )`, ""},
	{Suicide, `me|se suicido|suicidaria`, ""},
	// Jumping: "me quiero aventar del puente", "me voy a tirar a las vías".
	// Not "me voy a tirar a la piscina".
	{Suicide, `me quiero|quisiera|voy|iba|vuelvo [a] tirar|aventar|lanzar|arrojar del|de|desde|al|a|por|frente|bajo [el|la|los|las|un|una|lo] [alto] [de|del] ~1 @alto`, ""},
	{Suicide, `tirarme|aventarme|lanzarme|arrojarme del|de|desde|al|a|por|frente|bajo [el|la|los|las|un|una|lo] [alto] [de|del] ~1 @alto`, ""},
	// Pills: "me voy a tomar todas las pastillas", "he estado juntando
	// pastillas", "cuántas pastillas para morir".
	{Suicide, `tomar|tomarme|tome|tomo|tomando|tragar|tragarme|trague|trago|meterme ( todas|todo|toda | el|un frasco | la caja | un monton|punado | el resto ) ~3 @esdrug`, ""},
	{Suicide, `guardando|juntando|acumulando|ahorrando|escondiendo|guarde|junte|acumule|escondi ~2 @esdrug`, ""},
	{Suicide, `cuantas|cuanto ~4 morir|matarme|matar|sobredosis|letal|muera`, ""},
	{Suicide, `dosis letal`, ""},
	{Suicide, `tomar|tomarme|darme|provocarme|tener|hacerme una sobredosis`, ""},
	// The negative life wish: "no quiero vivir más", "ya no quiero vivir",
	// "no quiero seguir viviendo", "no quiero despertar mañana". Not "no
	// quiero vivir con mis papás".
	{Suicide, `no quiero|quisiera|deseo vivir !con|en|ahi|alli|aqui|asi|solo|sola|cerca|lejos|sin|de|para|juntos|juntas`, ""},
	{Suicide, `no quiero|quisiera|deseo ( seguir ( viviendo|vivo|viva|existiendo|aqui | $ | en este mundo ) | estar vivo|viva | existir | volver a despertar )`, ""},
	{Suicide, `no quiero|quisiera|deseo despertar|despertarme !temprano|tan|a|antes|con|en|sola|solo`, ""},
	{Suicide, `no tengo|hay|encuentro|veo ( razones|razon|motivos|motivo|nada|ganas|sentido|porque | por que | para que ) [para|por|de|a|en] ( vivir | seguir viviendo|aqui|existiendo | seguir $ | la vida | despertar )`, ""},
	{Suicide, `no le veo|encuentro sentido|caso|razon a|en ( seguir|vivir | la vida )`, ""},
	{Suicide, `para|pa que ( seguir ( viviendo|aqui|existiendo | $ ) | vivir )`, ""},
	{Suicide, `que sentido tiene [la] seguir|vivir|vida !con|en|estudiando|trabajando|intentando`, "self"},
	{Suicide, `no tiene sentido ( vivir | seguir viviendo|aqui | seguir $ | la vida )`, "self"},
	{Suicide, `no vale la pena ( vivir | seguir viviendo|aqui | seguir $ | la vida )`, ""},
	{Suicide, `vida no vale la pena`, ""},
	{Suicide, `cansado|cansada|harto|harta|agotado|agotada|hartos|cansados de ( vivir|existir|respirar | la vida | estar vivo|viva | seguir viviendo )`, ""},
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
	{Suicide, `( a nadie | nadie ) [le] ~2 ( importaria|importara|notaria | va a importar | daria cuenta ) ~2 si|cuando [yo] ( me muero|muera|muriera|mato|matara|voy | muero|desaparezco|desapareciera | ya no estoy | no estoy )`, "self"},
	// Notes and goodbyes: "ya escribí mis cartas de despedida".
	{Suicide, `escribi|escribo|escribiendo|escrito|deje|dejo|dejando|termine|hice|tengo|prepare|preparando|redacte|ya ~2 mi|mis|la|las|una|unas|un carta|cartas|nota|notas|mensaje|video de despedida|suicidio|adios`, ""},
	{Suicide, `nota|carta de suicidio`, ""},
	{Suicide, `este|esta|es mi ultimo|ultima mensaje|despedida|adios`, "self"},
	{Suicide, `adios para siempre`, "self"},
	{Suicide, `regale|regalando|regalar|regalo ~1 todas|todo mis|mi|lo cosas|pertenencias|que`, ""},
	// Suicidal, named: "tengo pensamientos suicidas", "estoy muy suicida".
	{Suicide, `estoy|siento|sigo|ando|sentia|estaba|soy|pongo|puse|sintiendo|sentirme [bastante|super|algo] [un] [poco] suicida|suicidas`, ""},
	// Feeling a burden, a means made ready.
	{Suicide, `soy|siento|sentirme|sentir|siendo un|una estorbo|carga`, ""},
	{Suicide, `soga|cuerda|pastillas|navaja|navajas|pistola|arma ~2 lista|listas|listo|preparada|preparadas|preparado|cargada`, ""},
	{Suicide, `pensamientos|ideas|ideacion|impulsos|deseos suicida|suicidas`, ""},
	{Suicide, `tuve|he|hice un|otro|mi intento de suicidio`, ""},
	{Suicide, `pienso|pensando|pense|pensar en|sobre [el] suicidio`, ""},
	// Self-harm: "me corté anoche", "me sigo cortando", "me voy a cortar",
	// "me quiero cortar otra vez". Not "me voy a cortar el pelo", "me
	// corté el dedo cocinando", "me corté las uñas".
	{SelfHarm, `me ( corte|corto|cortaba|cortare | sigo|estoy|estuve cortando | volvi|vuelvo a cortar | he [estado] cortado|cortando | voy|iba a cortar | quiero|quisiera cortar ) ( $ | otra|de|anoche|ayer|hoy|esta|mucho|mas|profundo|todos|cada|cuando|porque|y|ya|para|seguido | los brazos|muslos | las piernas|munecas|venas | la piel|muneca | el brazo | con [la|una|el|un|mi|mis|las] navaja|navajas|cuchilla|cuchillas|cutter|rastrillo|sacapuntas )`, "harm"},
	{SelfHarm, `me ( voy|iba|vuelvo a | quiero|quisiera ) lastimar|herir|autolesionar ( $ | otra|de|hoy|esta|anoche|ya )`, "harm"},
	{SelfHarm, `me voy|iba|vuelvo a hacer dano|danio`, "harm"},
	{SelfHarm, `me haria|hare|hago|hice|he|estoy [hecho|haciendo] dano|danio`, "harm"},
	{SelfHarm, `me lastime|lastimo|lastimaba|queme|quemo|quemaba|golpeo|golpee|golpeaba|rasguno|rasgune ( $ | otra|de|anoche|ayer|hoy|hasta | los brazos|muslos | las piernas|munecas | la piel )`, "harm"},
	{SelfHarm, `( volvi|vuelvo a | sigo ) cortarme|lastimarme|autolesionarme|cortando|lastimandome|autolesionandome`, ""},
	{SelfHarm, `recai|recaida|recaer con|en [la|el|las|los] navaja|navajas|cutter|cuchilla|cuchillas|cortarme|autolesionarme|autolesiones|autolesion|cortes`, ""},
	{SelfHarm, `me sigo|estoy autolesionando|cortando|lastimando`, "harm"},
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
}

// heID is the id of "he", English "he" and Spanish "i have".
var heID int32

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
				default:
					panic("risk: unknown rule option " + o)
				}
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
	byFirst = make([][]int32, len(vocabWords))
	for id, rs := range first {
		byFirst[id] = rs
	}
}
