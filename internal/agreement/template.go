package agreement

import (
	"fmt"
	"strings"
)

// Template is a starting point for a group's agreement.
type Template struct {
	Name  string // sharing_circle, twelve_step, psychoeducational
	Label string
	Hint  string
}

// Templates lists the starting points in the order forms show them.
var Templates = []Template{
	{"sharing_circle", "Sharing circle", "For groups where members take turns to share, with no cross-talk"},
	{"twelve_step", "12-step", "For recovery groups that follow the 12 steps and traditions"},
	{"psychoeducational", "Psychoeducational", "For groups with a short talk, then time for questions and sharing"},
}

// ValidTemplate reports whether name is one of the templates.
func ValidTemplate(name string) bool {
	for _, t := range Templates {
		if t.Name == name {
			return true
		}
	}
	return false
}

// TemplateFor is the template that suits a group format: open discussion
// groups start from the sharing circle's, which fits them best.
func TemplateFor(format string) string {
	switch format {
	case "twelve_step":
		return "twelve_step"
	case "psychoeducational":
		return "psychoeducational"
	}
	return "sharing_circle"
}

// FromTemplate returns the text of a template. retentionDays is how long
// the group keeps board posts, which the retention section states.
func FromTemplate(name string, retentionDays int) (Text, error) {
	var t Text
	switch name {
	case "sharing_circle":
		t = Text{GroundRules: sharingCircleRules, Confidentiality: sharingCircleConfidentiality}
	case "twelve_step":
		t = Text{GroundRules: twelveStepRules, Confidentiality: twelveStepConfidentiality}
	case "psychoeducational":
		t = Text{GroundRules: psychoeducationalRules, Confidentiality: psychoeducationalConfidentiality}
	default:
		return Text{}, fmt.Errorf("no agreement template %q", name)
	}
	t.Limits = limits
	t.Retention = retention(retentionDays)
	return t.Normalize(), nil
}

func retention(days int) string {
	kept := fmt.Sprintf("Posts on the group board are kept for %d days. Then they are deleted.", days)
	if days <= 0 {
		kept = "The group does not keep posts on the group board."
	} else if days == 1 {
		kept = "Posts on the group board are kept for 1 day. Then they are deleted."
	}
	return strings.Join([]string{
		"Chat during a group session is never saved. It is gone when the session ends.",
		"We keep a note of who came to each group session, so the facilitators can see how the group is doing.",
		"Feedback at the end of a group session has no names on it. Nobody can tell who gave it.",
		kept,
		"We keep a record of who agreed to this agreement, and when.",
		"You can ask for a copy of what we keep about you, or delete your account, at any time.",
	}, "\n")
}

const sharingCircleRules = `
Speak for yourself. Use "I" words, like "I felt scared", not "you always".
One person shares at a time. We listen and do not interrupt.
No cross-talk. When someone has shared, we do not answer back, give advice or try to fix things. A nod or a "thank you" is enough.
You never have to share. Saying "pass" is always fine, and you can just listen.
Be kind and respectful, even when you see things in a different way.
What is shared here stays here. Read the promise below.
Put your phone on silent. Do not record, take photos or take screenshots of anyone.
Share the time, so everyone who wants a turn gets one.
You can step out for a moment whenever you need to.
This is peer support, not therapy. We share what helped us. We do not give medical advice.
`

const sharingCircleConfidentiality = `
We keep each other's stories private.
What someone shares in the group stays in the group. We do not tell anyone outside the group what was said, or who said it.
We do not tell anyone who comes to the group.
If you meet someone from the group somewhere else, let them choose whether to say hello.
You can talk about what you learned, as long as nobody could tell who said it.
The facilitators keep this promise too.
`

const twelveStepRules = `
We share our own experience, strength and hope. Use "I" words, not "you".
One person shares at a time. We listen and do not interrupt.
No cross-talk. We do not comment on, question or give advice about someone else's share.
You can pass. Many people just listen for a while, and that is fine.
We use first names or a nickname only. Nobody has to give their full name.
Keep your share to a few minutes, so everyone who wants to share can.
We keep the focus on recovery.
Everyone is welcome here, whatever kind of day they are having. Treat everyone with respect.
Put your phone on silent. Do not record, take photos or take screenshots of anyone.
We are peers, not professionals. We do not give medical advice.
`

const twelveStepConfidentiality = `
Who you see here, what you hear here, when you leave here, let it stay here.
We do not tell anyone outside the group who comes, or what they said.
If you meet someone from the group somewhere else, let them choose whether to say hello. Do not say how you know each other.
You can talk about what you learned, as long as nobody could tell who said it.
The facilitators keep this promise too.
`

const psychoeducationalRules = `
Each group session has a short talk, then time for questions and sharing.
The talk gives general information. It is not advice about your own health. Talk to your doctor or nurse before you change any treatment.
Questions are welcome. There are no silly questions.
Speak for yourself. Use "I" words, like "I find mornings hard".
One person speaks at a time. In sharing time there is no cross-talk: we listen, and we only give advice if someone asks for it.
You never have to share or ask a question. Saying "pass" is always fine, and you can just listen.
Be kind and respectful, even when you see things in a different way.
Put your phone on silent. Do not record, take photos or take screenshots of anyone. Online, you can keep your camera off.
This is peer support, not therapy.
`

const psychoeducationalConfidentiality = `
What members say about themselves stays in the group. We do not tell anyone outside the group what was said, or who said it.
We do not tell anyone who comes to the group.
You are welcome to share what you learned from the talk and the handouts.
If you meet someone from the group somewhere else, let them choose whether to say hello.
The facilitators keep this promise too.
`

// limits is the same for every template: the times confidentiality ends
// are about safety, not about the group's format.
const limits = `
Keeping things private matters a lot. But there are a few times when a facilitator must get help, even from outside the group:
- If someone is at risk of seriously hurting themselves.
- If someone is at risk of hurting another person.
- If a child, or an adult who needs protecting, is being hurt or is at risk of being hurt.
- If the law says we must tell.
When this happens, the facilitator will try to talk with you first. They will only share what is needed to keep people safe.
The group is not an emergency service. If you or someone else is in danger now, call your local emergency number. "Get help now" is at the top of every page.
`
