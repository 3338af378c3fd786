package meetingguide

import (
	_ "embed"
	"encoding/json"
	"sort"
	"strings"
	"sync"
)

// typesJSON is a copy of the spec's data/types.json (code4recovery/spec at
// tag v1.1.9): every official type code with its name in nine languages.
//
//go:embed types.json
var typesJSON []byte

// Type codes a caller is likely to need by name. Every one of these except
// TypeOnline is in the official list (types.json); TestTypeConstants checks it.
const (
	TypeOpen               = "O"
	TypeClosed             = "C"
	TypeDiscussion         = "D"
	TypeSpeaker            = "SP"
	TypeStepStudy          = "ST"
	TypeTraditionStudy     = "TR"
	TypeBigBook            = "B"
	TypeLiterature         = "LIT"
	TypeMeditation         = "MED"
	TypeNewcomer           = "BE"
	TypeWomen              = "W"
	TypeMen                = "M"
	TypeYoungPeople        = "Y"
	TypeSeniors            = "SEN"
	TypeLGBTQ              = "LGBTQ"
	TypeTransgender        = "T"
	TypeNonBinary          = "NB"
	TypePeopleOfColor      = "POC"
	TypeSecular            = "A"
	TypeWheelchairAccess   = "X"
	TypeWheelchairBathroom = "XB"
	TypeSignLanguage       = "ASL" // American Sign Language
	TypeFragranceFree      = "FF"
	TypeChildFriendly      = "CF"
	TypeBabysitting        = "BA"
	TypeOutdoor            = "OUT"
	TypeDigitalBasket      = "DB"
	TypeCrossTalkPermitted = "XT"
	TypeTemporarilyClosed  = "TC" // the location is temporarily closed
	TypeProofOfAttendance  = "POA"
	TypeEnglish            = "EN"
	TypeSpanish            = "S"
	TypeFrench             = "FR"
	TypeGerman             = "DE"
	TypePortuguese         = "POR"
	TypeItalian            = "ITA"
	TypeJapanese           = "JA"
	TypeKorean             = "KOR"
	TypeRussian            = "RUS"
	TypeUkrainian          = "UK"
	TypePolish             = "POL"
	TypeArabic             = "AR"
	TypeHebrew             = "HE"
	TypeHindi              = "HI"
	TypePersian            = "FA"
	TypeTagalog            = "TL"
	TypeDutch              = "NL"
	TypeSwedish            = "SV"
	TypeIndigenous         = "NDG"
	TypeNativeAmerican     = "N"
	TypeDualDiagnosis      = "DD"
	TypeProfessionals      = "P"
	TypeConcurrentAlAnon   = "AL-AN"
	TypeConcurrentAlateen  = "AL"
	TypeEleventhStep       = "11"
	TypeTwelveAndTwelve    = "12x12"
	TypeOnline             = "ONL" // removed from the spec in 2022; see IsLegacyType
	TypeSmokingPermitted   = "SM"
	TypeBirthday           = "H"
	TypeGrapevine          = "GR"
	TypeAsBillSeesIt       = "ABSI"
	TypeDailyReflections   = "DR"
	TypeLivingSober        = "LS"
	TypeBreakfast          = "BRK"
	TypeCandlelight        = "CAN"
	TypeGay                = "G"
	TypeLesbian            = "L"
	TypeBisexual           = "BI"
)

// languageTypes are the codes in the official list that name the language a
// meeting is held in. ASL is a sign language and is included.
var languageTypes = map[string]bool{
	"AF": true, "AM": true, "AR": true, "ASL": true, "BG": true, "DA": true,
	"DE": true, "EL": true, "EN": true, "FA": true, "FI": true, "FR": true,
	"HE": true, "HI": true, "HR": true, "HU": true, "IS": true, "ITA": true,
	"JA": true, "KA": true, "KOR": true, "LT": true, "ML": true, "MT": true,
	"NE": true, "NL": true, "NO": true, "POL": true, "POR": true, "PUN": true,
	"RUS": true, "S": true, "SK": true, "SL": true, "SV": true, "TH": true,
	"TL": true, "TUR": true, "UK": true,
}

// legacyTypes are codes real feeds still send that are no longer in the
// official list. They are kept when read and never reported as unknown.
var legacyTypes = map[string]string{
	TypeOnline: "Online Meeting",
}

// typeAliases are type labels the 12 Step Meeting List plugin and older
// sheets use that differ from every name in types.json. The plugin's CSV
// template writes "Step Meeting", "Online Meeting" and "Temporary Closure".
var typeAliases = map[string]string{
	"step meeting":          "ST",
	"online meeting":        "ONL",
	"online":                "ONL",
	"temporary closure":     "TC",
	"temporarily closed":    "TC",
	"sign language":         "ASL",
	"outdoor meeting":       "OUT",
	"men only":              "M",
	"women only":            "W",
	"wheelchair accessible": "X",
	"atheist / agnostic":    "A",
	"child care available":  "BA",
	"chips":                 "H",
}

type typeTable struct {
	names  map[string]map[string]string // code -> language -> name
	codes  []string                     // sorted official codes
	byFold map[string]string            // lowercased code -> code (official and legacy)
	byName map[string]string            // lowercased name in any language, or alias -> code
}

var loadTypes = sync.OnceValue(func() *typeTable {
	t := &typeTable{byFold: map[string]string{}, byName: map[string]string{}}
	if err := json.Unmarshal(typesJSON, &t.names); err != nil {
		// The file is embedded at build time; TestTypes catches a bad copy.
		panic("meetingguide: embedded types.json: " + err.Error())
	}
	for code, langs := range t.names {
		t.codes = append(t.codes, code)
		t.byFold[strings.ToLower(code)] = code
		for _, name := range langs {
			t.byName[strings.ToLower(name)] = code
		}
	}
	sort.Strings(t.codes)
	for code, name := range legacyTypes {
		t.byFold[strings.ToLower(code)] = code
		t.byName[strings.ToLower(name)] = code
	}
	for alias, code := range typeAliases {
		t.byName[alias] = code
	}
	return t
})

// TypeName returns the English name of an official type code, for example
// "Wheelchair Access" for "X". Codes are case-sensitive, as in the spec.
func TypeName(code string) (string, bool) {
	return TypeNameIn(code, "en")
}

// TypeNameIn returns the name of an official type code in one of the
// languages of types.json ("en", "es", "fr", "ja", "nl", "pt", "sk", "sv",
// "th").
func TypeNameIn(code, lang string) (string, bool) {
	langs, ok := loadTypes().names[code]
	if !ok {
		return "", false
	}
	name, ok := langs[lang]
	return name, ok
}

// IsKnownType reports whether code is in the official type list. The legacy
// code ONL is not; see IsLegacyType.
func IsKnownType(code string) bool {
	_, ok := loadTypes().names[code]
	return ok
}

// IsLegacyType reports whether code was removed from the official list but
// still appears in real feeds (ONL, "Online"). Whether a meeting is online is
// decided by its conference fields, not by this code.
func IsLegacyType(code string) bool {
	_, ok := legacyTypes[code]
	return ok
}

// IsLanguageType reports whether an official code names the language a
// meeting is held in (EN, S, FR, ASL...).
func IsLanguageType(code string) bool {
	return languageTypes[code]
}

// TypeCodes returns every official type code, sorted.
func TypeCodes() []string {
	return append([]string(nil), loadTypes().codes...)
}

// LookupType finds the code for what a feed or a spreadsheet wrote: a code
// in any letter case ("onl", "12X12"), or a type name in any language of
// types.json or a label the 12 Step Meeting List plugin uses ("Open",
// "Abierta", "Step Meeting"). Legacy codes are found too.
func LookupType(s string) (code string, ok bool) {
	t := loadTypes()
	s = strings.TrimSpace(s)
	if _, ok := t.names[s]; ok {
		return s, true
	}
	if _, ok := legacyTypes[s]; ok {
		return s, true
	}
	folded := strings.ToLower(s)
	if code, ok := t.byFold[folded]; ok {
		return code, true
	}
	code, ok = t.byName[folded]
	return code, ok
}
