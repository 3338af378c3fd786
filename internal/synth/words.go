package synth

// topic is what a group is about within its category: the words its name
// uses and a phrase its description uses.
type topic struct {
	name   string // "Anxiety", used in names
	phrase string // "anxiety and panic", used in descriptions
}

// topics are the subjects of groups, by category.
var topics = map[string][]topic{
	"mental_health": {
		{"Anxiety", "anxiety, worry and panic"}, {"Depression", "depression and low mood"}, {"Bipolar", "bipolar disorder"},
		{"Mood", "changing moods"}, {"Hearing Voices", "hearing voices and unusual experiences"}, {"OCD", "obsessive-compulsive disorder"},
		{"Panic", "panic attacks"}, {"Postnatal Depression", "depression after having a baby"},
		{"Eating Disorder Recovery", "recovery from an eating disorder"}, {"Self-Harm Recovery", "self-harm and recovery"},
		{"PTSD", "trauma and post-traumatic stress"}, {"Social Anxiety", "social anxiety and shyness"},
		{"Wellbeing", "mental wellbeing"}, {"Mental Health", "mental health"}, {"Borderline", "emotional intensity and BPD"},
	},
	"addiction_recovery": {
		{"Recovery", "recovery from addiction"}, {"Sober", "staying sober"}, {"Alcohol Recovery", "recovery from alcohol"},
		{"Gambling Recovery", "gambling and recovery"}, {"Narcotics Recovery", "recovery from drug use"},
		{"Clean and Sober", "living clean and sober"}, {"Sobriety", "sobriety one day at a time"},
		{"Dual Diagnosis", "addiction alongside mental health"}, {"Smoke-Free", "quitting smoking"},
		{"Family Recovery", "loving someone with an addiction"}, {"Sober Curious", "cutting down on drinking"},
	},
	"parenting_caregivers": {
		{"Carers", "caring for someone"}, {"Parents", "the ups and downs of parenting"}, {"New Parents", "life with a new baby"},
		{"Dementia Carers", "caring for someone with dementia"}, {"Young Carers", "being a young carer"},
		{"Autism Parents", "parenting autistic children"}, {"Kinship Carers", "raising a relative's child"},
		{"Single Parents", "parenting on your own"}, {"Foster Carers", "fostering"}, {"Parents of Teens", "parenting teenagers"},
		{"ADHD Parents", "parenting children with ADHD"},
	},
	"chronic_illness_disability": {
		{"Chronic Pain", "living with chronic pain"}, {"Long Covid", "long covid"}, {"MS", "multiple sclerosis"},
		{"Diabetes", "living with diabetes"}, {"Cancer", "life during and after cancer"}, {"Fibromyalgia", "fibromyalgia"},
		{"ME/CFS", "ME and chronic fatigue"}, {"Parkinson's", "Parkinson's disease"}, {"Stroke Survivors", "life after a stroke"},
		{"Epilepsy", "epilepsy"}, {"Deaf Community", "being deaf or hard of hearing"}, {"Sight Loss", "sight loss"},
		{"Kidney", "kidney disease and dialysis"}, {"Arthritis", "arthritis"}, {"Crohn's and Colitis", "Crohn's and colitis"},
	},
	"grief_loss": {
		{"Bereavement", "bereavement"}, {"Grief", "grief"}, {"Widowed", "losing a partner"},
		{"Pregnancy Loss", "miscarriage and baby loss"}, {"Suicide Bereavement", "losing someone to suicide"},
		{"Child Loss", "the death of a child"}, {"Pet Loss", "losing a companion animal"}, {"Loss", "loss of every kind"},
		{"Sudden Loss", "sudden and traumatic loss"}, {"Grieving Parents", "the death of a parent"},
	},
	"other": {
		{"Men's", "the pressures men face"}, {"Women's", "what women carry"}, {"LGBTQ+", "LGBTQ+ lives"},
		{"Veterans", "life after service"}, {"Newcomers", "settling in a new country"}, {"Students", "student life"},
		{"Loneliness", "loneliness and isolation"}, {"Divorce", "separation and divorce"}, {"Over 60s", "growing older"},
		{"Workplace Stress", "stress and burnout at work"}, {"Abuse Survivors", "surviving abuse"},
	},
}

// nouns name a group by how it runs.
var nouns = map[string][]string{
	"sharing_circle":    {"Circle", "Sharing Circle", "Support Circle", "Peer Circle"},
	"psychoeducational": {"Workshop", "Learning Group", "Course", "Skills Group"},
	"twelve_step":       {"Fellowship", "Step Group", "Step Meeting", "Big Book Group"},
	"open_discussion":   {"Group", "Café", "Drop-in", "Conversation", "Support Group", "Peer Group"},
}

// images are the evocative words organizers like to name groups with.
var images = []string{
	"Harbour Light", "Open Door", "Safe Harbour", "Willow", "Lighthouse", "Common Ground", "New Dawn", "Quiet Waters",
	"Kindred", "Hope Springs", "Stepping Stones", "Evergreen", "Bridges", "Anchor", "Lantern", "Riverside", "Hilltop",
	"Sunrise", "Second Chapter", "Open Hearts", "Still Waters", "Compass", "North Star", "Oak Tree", "Shelter", "Beacon",
	"Harvest", "Meadow", "Cornerstone", "Driftwood", "Heartwood", "Wayfarers", "Small Steps", "Good Company", "Tea and Talk",
	"Green Shoots", "Morning Light", "Safe Space", "Blue Door", "Kitchen Table",
}

// quarters prefix a city's name to make a neighbourhood.
var quarters = []string{"North", "South", "East", "West", "Central", "Old Town", "Riverside", "Upper", "Lower"}

var dayNames = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// The description is built from these sentences.
var (
	audiencePhrases = map[string]string{
		"lived_experience":  "people with lived experience",
		"family_supporters": "family, friends and carers",
		"both":              "people with lived experience and those who support them",
	}
	// openers take an article, the format, the topic and the audience.
	openers = []string{
		"%s %s about %s, for %s.",
		"We are %s %s about %s, for %s.",
		"This is %s %s about %s, for %s.",
	}
	middles = []string{
		"We start with a short check-in and end with a closing round.",
		"Newcomers are welcome to listen before they share.",
		"Everything said in the group stays in the group.",
		"We use \"I\" statements and there is no cross-talk.",
		"The group is run by peers who have been there, not by professionals.",
		"Come as you are; there is no need to book.",
		"Each group session has a theme, and you can share or simply listen.",
		"Our facilitators are trained in holding space for difficult feelings.",
		"We share what has helped us and what has not.",
		"Many members have come for years; others come once or twice.",
		"Bring a friend if that makes the first time easier.",
		"We agree our ground rules together and read them at the start.",
		"Sessions are calm and unhurried, with a break halfway.",
		"Some weeks we invite a guest speaker with lived experience.",
	}
	inPersonNotes = []string{
		"Tea and coffee are on the house.",
		"Ring the bell at the side door and someone will let you in.",
		"There is free parking behind the building.",
		"Look for the sign in the entrance hall.",
		"The room is quiet and private.",
	}
	onlineNotes = []string{
		"Cameras are optional.",
		"You can join by phone or computer.",
		"The online room opens ten minutes early so you can settle in.",
		"You can use any name you like in the online room.",
	}
	streets     = []string{"High", "Church", "Station", "Park", "Mill", "Market", "Oak", "Elm", "Bridge", "Queen", "King", "Garden", "Chapel", "School", "Victoria", "Lake", "Hill", "River", "Maple", "Cedar"}
	streetKinds = []string{"Street", "Road", "Lane", "Avenue", "Way", "Place", "Terrace"}
	venueNames  = map[string][]string{
		"community_center": {"Community Centre", "Neighbourhood House", "Civic Hall", "Library Meeting Room", "Youth and Community Hub"},
		"clinic":           {"Health Centre", "Wellbeing Clinic", "Family Practice", "Recovery Clinic"},
		"place_of_worship": {"Parish Hall", "Friends Meeting House", "Church Hall", "Community Mosque Hall", "Temple Hall"},
		"private_home":     {""},
	}
)
