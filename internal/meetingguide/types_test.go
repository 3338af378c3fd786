package meetingguide

import (
	"sort"
	"strings"
	"testing"
)

func TestTypes(t *testing.T) {
	codes := TypeCodes()
	if len(codes) != 87 || !sort.StringsAreSorted(codes) {
		t.Errorf("got %d codes (sorted: %v), want the 87 of types.json, sorted", len(codes), sort.StringsAreSorted(codes))
	}
	tests := []struct {
		code, lang, want string
		ok               bool
	}{
		{"X", "en", "Wheelchair Access", true},
		{"O", "es", "Abierta", true},
		{"12x12", "en", "12 Steps & 12 Traditions", true},
		{"ASL", "en", "American Sign Language", true},
		{"TC", "en", "Location Temporarily Closed", true},
		{"LGBTQ", "sv", "HBTQ", true},
		{"x", "en", "", false}, // codes are case-sensitive
		{"ONL", "en", "", false},
		{"O", "xx", "", false},
	}
	for _, tt := range tests {
		got, ok := TypeNameIn(tt.code, tt.lang)
		if got != tt.want || ok != tt.ok {
			t.Errorf("TypeNameIn(%q, %q) = %q, %v; want %q, %v", tt.code, tt.lang, got, ok, tt.want, tt.ok)
		}
	}
	if name, ok := TypeName("W"); name != "Women" || !ok {
		t.Errorf("TypeName(W) = %q, %v", name, ok)
	}
	if IsKnownType("ONL") || !IsLegacyType("ONL") || !IsKnownType("O") || IsKnownType("NA") {
		t.Errorf("ONL must be legacy, not known; O known; NA neither")
	}
}

// TestTypeConstants checks every exported code against types.json.
func TestTypeConstants(t *testing.T) {
	for _, code := range []string{
		TypeOpen, TypeClosed, TypeDiscussion, TypeSpeaker, TypeStepStudy, TypeTraditionStudy,
		TypeBigBook, TypeLiterature, TypeMeditation, TypeNewcomer, TypeWomen, TypeMen,
		TypeYoungPeople, TypeSeniors, TypeLGBTQ, TypeTransgender, TypeNonBinary, TypePeopleOfColor,
		TypeSecular, TypeWheelchairAccess, TypeWheelchairBathroom, TypeSignLanguage, TypeFragranceFree,
		TypeChildFriendly, TypeBabysitting, TypeOutdoor, TypeDigitalBasket, TypeCrossTalkPermitted,
		TypeTemporarilyClosed, TypeProofOfAttendance, TypeEnglish, TypeSpanish, TypeFrench, TypeGerman,
		TypePortuguese, TypeItalian, TypeJapanese, TypeKorean, TypeRussian, TypeUkrainian, TypePolish,
		TypeArabic, TypeHebrew, TypeHindi, TypePersian, TypeTagalog, TypeDutch, TypeSwedish,
		TypeIndigenous, TypeNativeAmerican, TypeDualDiagnosis, TypeProfessionals, TypeConcurrentAlAnon,
		TypeConcurrentAlateen, TypeEleventhStep, TypeTwelveAndTwelve, TypeSmokingPermitted,
		TypeBirthday, TypeGrapevine, TypeAsBillSeesIt, TypeDailyReflections, TypeLivingSober,
		TypeBreakfast, TypeCandlelight, TypeGay, TypeLesbian, TypeBisexual,
	} {
		if !IsKnownType(code) {
			t.Errorf("constant %q is not in types.json", code)
		}
	}
	for code := range languageTypes {
		if !IsKnownType(code) || !IsLanguageType(code) {
			t.Errorf("language code %q is not in types.json", code)
		}
	}
	if IsLanguageType("O") {
		t.Errorf("O is not a language")
	}
}

// TestTypeAliases makes sure the plugin's labels never hide a name from
// types.json that means another code, and point at codes that exist.
func TestTypeAliases(t *testing.T) {
	for alias, code := range typeAliases {
		if !IsKnownType(code) && !IsLegacyType(code) {
			t.Errorf("alias %q points at unknown code %q", alias, code)
		}
		for _, c := range TypeCodes() {
			for lang := range loadTypes().names[c] {
				name, _ := TypeNameIn(c, lang)
				if strings.EqualFold(name, alias) && c != code {
					t.Errorf("alias %q -> %q, but types.json says %q is %q", alias, code, name, c)
				}
			}
		}
	}
}

func TestLookupType(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"O", "O", true},
		{"onl", "ONL", true},
		{"12X12", "12x12", true},
		{" wheelchair access ", "X", true},
		{"Abierta", "O", true},
		{"アメリカ手話", "ASL", true},
		{"Step Meeting", "ST", true},
		{"Temporary Closure", "TC", true},
		{"Online Meeting", "ONL", true},
		{"NA", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := LookupType(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("LookupType(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
