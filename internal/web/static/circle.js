// Holdspace: the live sharing circle in the browser.
//
// The page (templates/pages/circle.html) is the frame; this script opens the
// circle's WebSocket (docs/live-protocol.md), keeps the state the server
// sends (a `state` snapshot, then events, each numbered with `seq`), draws
// it, and sends the member's intents. When the socket drops it reconnects by
// itself with ?since=<last seq>, waiting longer after each failure. The same
// script runs the in-person circle on a facilitator's tablet, where the
// facilitator also acts for the people in the room, who have no accounts.
//
// Accessibility (UI-PATTERNS 3.17): routine news goes to two polite live
// regions in turn, batched; "It's your turn" is the one assertive message;
// the title starts with "Your turn – " while it is the member's turn; the
// timer is visible but only its one-minute notice is announced; focus is
// never moved except when what had it disappears.
(function () {
  'use strict';

  var root = document.getElementById('circle');
  var liveEl = document.getElementById('circle-live');
  if (!root || !liveEl || !('WebSocket' in window)) return;

  function $(id) { return document.getElementById(id); }

  var inPerson = root.getAttribute('data-mode') === 'in-person';
  var livePath = root.getAttribute('data-live-path');
  var statusPath = root.getAttribute('data-status-path');
  var guestPath = root.getAttribute('data-guest-path');
  var actPath = root.getAttribute('data-act-path');
  var csrfInput = document.querySelector('input[name="csrf"]');
  var csrf = csrfInput ? csrfInput.value : '';
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  var guests = {}; // in-person: member id -> first name of the people in the room
  try {
    (JSON.parse(root.getAttribute('data-guests') || '[]') || []).forEach(function (g) { guests[g.member_id] = g.name; });
  } catch (e) { /* none */ }

  var PHASES = {
    gathering: ['Gathering', 'People are arriving. Say hello in the chat if you like.'],
    opening: ['Opening', 'We read our group agreement together.'],
    check_in: ['Check-in round', 'Say how you are, in one word, or pass.'],
    sharing: ['Sharing circle', 'One person shares at a time. Chat waits until they finish.'],
    open_discussion: ['Open discussion', 'Raise your hand to speak. Replies are welcome now.'],
    closing: ['Closing round', 'A last word from each of us, or a pass.'],
    feedback: ['Feedback', 'Tell us, anonymously, how this group session felt.'],
    ended: ['Ended', '']
  };
  var TALKING = { sharing: true, open_discussion: true, closing: true };
  var CHAT_HINT = ($('circle-message-hint') || {}).textContent || '';

  // ---- Announcers (UI-PATTERNS 3.17) ----
  var q = { polite: [], timer: null, flip: false };
  function announce(text) {
    if (!text) return;
    q.polite.push(text);
    if (q.timer) return;
    q.timer = setTimeout(function () {
      var msg = q.polite.length > 3 ? q.polite.length + ' updates. ' + q.polite[q.polite.length - 1] : q.polite.join(' ');
      q.polite = [];
      q.timer = null;
      q.flip = !q.flip;
      var on = $(q.flip ? 'announce-polite-a' : 'announce-polite-b');
      var off = $(q.flip ? 'announce-polite-b' : 'announce-polite-a');
      off.textContent = '';
      on.textContent = msg; // alternate regions so a repeat is read again
    }, 2000);
  }
  function announceUrgent(text) {
    var u = $('announce-urgent');
    u.textContent = '';
    setTimeout(function () { u.textContent = text; }, 100); // clear, then set, so a repeat fires
  }
  var baseTitle = document.title.replace(/^Your turn – /, '');
  function setTurnTitle(isTurn) {
    var want = (isTurn ? 'Your turn – ' : '') + baseTitle;
    if (document.title !== want) document.title = want;
  }

  // ---- Small DOM helpers ----
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    });
    (kids || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function show(e, on) { if (e && e.hidden === !!on) e.hidden = !on; }
  function setText(e, t) { if (e && e.textContent !== t) e.textContent = t; }
  function hiddenNow(e) { return !e || !e.isConnected || !!e.closest('[hidden]') || e.disabled; }
  // setFocus focuses an element that is not normally focusable, for as
  // long as it keeps focus (as app.js does).
  function setFocus(e) {
    if (!e) return;
    if (!e.hasAttribute('tabindex')) {
      e.setAttribute('tabindex', '-1');
      e.addEventListener('blur', function () { e.removeAttribute('tabindex'); }, { once: true });
    }
    e.focus();
  }
  // rebuild replaces a list's items, keeping focus on the button with the
  // same data-key if the member was on one.
  function rebuild(list, items) {
    var a = document.activeElement;
    var key = a && list.contains(a) ? a.getAttribute('data-key') : null;
    while (list.firstChild) list.removeChild(list.firstChild);
    items.forEach(function (i) { list.appendChild(i); });
    if (key) {
      var again = list.querySelector('[data-key="' + (window.CSS && CSS.escape ? CSS.escape(key) : key) + '"]');
      setFocus(again || fallbackFocus());
    }
  }
  function fallbackFocus() { return $('circle-actions-heading') || $('circle-heading'); }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  // ---- State ----
  var st = null;        // the last snapshot, kept up to date by events
  var last = -1;        // the last seq seen
  var ended = false, removed = false, leftForGood = false, removedText = 'A facilitator asked you to leave this group session.';
  var chat = [];        // messages heard in this page's life: {name, text, mine, apart, gen}
  var chatSerial = 0, chatKey = ''; // what the chat log last drew
  var breakoutGen = 0, breakoutKey = ''; // which breakout rooms chat marked apart belongs to
  var sideMsgs = {};    // side room id -> messages heard in it: {name, text, mine}
  var sideNums = {}, sideN = 0; // side room id -> a number for its elements' ids
  var reactions = [];   // the latest few reactions, as words
  var timerEnd = 0;     // when the current share's time is up (performance.now ms)
  var wasMyTurn = false;
  var pendingFeedback = '';
  var offer = null;     // my support offer after a risk signal, with its crisis lines
  var pendingPoll = false;     // I sent an answer to the open poll
  var pendingPollOpen = false; // I opened a poll: clear the form when it shows
  var pollKey = '';            // the poll whose choices are drawn, so a redraw keeps my pick
  var breakoutEnd = 0;         // when the breakout rooms' time is up (performance.now ms)
  var breakoutBack = '';       // what to say once everyone is back from the rooms
  var RISKS = { suicide: 'thoughts of suicide', 'self-harm': 'self-harm', 'harm-to-others': 'harming someone else' };
  var socket = null, connects = 0, failures = 0, retry = null, outage = false;
  var api = window.__holdspaceCircle = { socket: null, last: -1, connects: 0, url: '', baselines: 0, state: null };

  function member(id) {
    if (!st) return null;
    for (var i = 0; i < st.members.length; i++) if (st.members[i].id === id) return st.members[i];
    return null;
  }
  function nameOf(id) {
    if (st && id === st.you) return 'You';
    var m = member(id);
    return m ? m.name : (guests[id] || 'Someone');
  }
  function isGuest(id) { return inPerson && Object.prototype.hasOwnProperty.call(guests, id); }
  function facilitates(role) { return role === 'facilitator' || role === 'co_facilitator' || role === 'organizer'; }
  function iFacilitate() { var m = st && member(st.you); return !!m && facilitates(m.role); }
  function label(p) { return (PHASES[p] || [p])[0]; }
  function setTimer(t) { timerEnd = t ? performance.now() + Math.max(0, t.remaining) * 1000 : 0; }
  // The rooms' end is reckoned from the frame's own time, as the share
  // timer's remaining is, so the two clocks never need to agree.
  function setBreakoutTimer(b, at) {
    var left = b && b.active ? Date.parse(b.ends_at) - Date.parse(at) : NaN;
    breakoutEnd = isNaN(left) ? 0 : performance.now() + Math.max(0, left);
  }
  // myRoom is the breakout room I am in, with its number, or null.
  function myRoom() {
    var b = st && st.breakout;
    if (!b || !b.active) return null;
    for (var i = 0; i < (b.rooms || []).length; i++) {
      if ((b.rooms[i].members || []).indexOf(st.you) >= 0) return { n: i + 1, members: b.rooms[i].members };
    }
    return null;
  }
  // names lists people the way we say it: "Jay", "Jay and Sam", "Jay, Sam and Ana".
  function names(ids) {
    var ns = ids.map(nameOf);
    return ns.length < 2 ? ns.join('') : ns.slice(0, -1).join(', ') + ' and ' + ns[ns.length - 1];
  }
  function roomNews(prefix) {
    var r = myRoom();
    if (!r) return prefix + 'You are not in a room: you can wait here until everyone is back.';
    var others = r.members.filter(function (id) { return id !== st.you; });
    return prefix + 'You are in room ' + r.n + (others.length ? ', with ' + names(others) : '') + '.';
  }

  // noteBreakout counts breakout rooms as they open, so chat heard in one
  // set of rooms is shown only while those rooms are open.
  function noteBreakout(b) {
    var key = b && b.active ? String(b.ends_at) : '';
    if (key && key !== breakoutKey) breakoutGen++;
    breakoutKey = key;
  }
  function sideRoom(id) {
    for (var i = 0; i < st.side_rooms.length; i++) if (st.side_rooms[i].id === id) return st.side_rooms[i];
    return null;
  }
  function openSideRoomWith(memberID) {
    return st.side_rooms.some(function (r) { return r.member_id === memberID && !r.closed; });
  }

  // ---- Applying what the server sends ----
  function baseline(f) {
    st = f;
    st.members = st.members || [];
    st.queue = st.queue || [];
    st.checkins = st.checkins || [];
    st.held = st.held || [];
    st.support = st.support || [];
    st.alerts = st.alerts || [];
    st.side_rooms = st.side_rooms || [];
    if (st.poll && st.poll.you_answered) pendingPoll = false;
    setBreakoutTimer(st.breakout, f.at);
    noteBreakout(st.breakout);
    if (offer && (st.offers || []).indexOf(offer.id) < 0) offer = null;
    setTimer(st.speaker ? st.timer : null);
    if (st.ended) ended = true;
    api.baselines++;
    api.state = st;
  }

  function apply(f) {
    var m, me = st.you, who = f.member_id;
    switch (f.type) {
      case 'joined':
        m = member(who);
        if (m) { m.present = true; } else { st.members.push({ id: who, name: f.name, role: f.role, present: true }); }
        if (who !== me) announce(f.name + (isGuest(who) ? ' is in the circle.' : ' joined the circle.'));
        break;
      case 'just_listening':
        if ((m = member(who))) m.just_listening = true;
        break;
      case 'left':
        if ((m = member(who))) { m.present = false; m.stepped_out = false; }
        st.queue = st.queue.filter(function (id) { return id !== who; });
        announce(f.name + ' left the circle.');
        break;
      case 'removed':
        removed = true;
        removedText = f.text || 'A facilitator asked you to leave this group session.';
        announceUrgent(removedText);
        break;
      case 'phase':
        breakoutBack = '';
        st.phase = f.phase;
        st.round = f.round;
        st.members.forEach(function (x) { x.had_turn = false; });
        announce('Now: ' + label(f.phase) + '.');
        break;
      case 'round':
        st.round = f.round;
        st.members.forEach(function (x) { x.had_turn = false; });
        break;
      case 'queue':
        var was = st.queue.indexOf(me);
        st.queue = f.queue || [];
        var now = st.queue.indexOf(me);
        if (now > 0 && now !== was) announce('You are number ' + (now + 1) + ' in line.');
        else if (was >= 0 && now < 0 && st.speaker !== me) announce('You are no longer in line.');
        break;
      case 'passed':
        if ((m = member(who))) m.had_turn = true;
        if (who !== me) announce(f.name + ' passed.');
        break;
      case 'share_started':
        st.speaker = who;
        st.content_note = f.content_note || '';
        st.timer = f.timer;
        setTimer(f.timer);
        if ((m = member(who))) m.had_turn = true;
        if (who !== me) announce(f.name + ' is sharing now.' + (f.content_note ? ' Content note: ' + f.content_note : ''));
        break;
      case 'share_ended':
        st.speaker = '';
        st.content_note = '';
        st.timer = null;
        st.held = []; // sent now as chat, in order
        setTimer(null);
        announce(who === me ? 'Your share has ended.' : f.name + (f.kind === 'done' ? ' finished sharing.' : '’s share has ended.'));
        break;
      case 'timer':
        st.timer = f.timer;
        setTimer(f.timer);
        break;
      case 'timer_notice':
        if (f.timer) { st.timer = f.timer; setTimer(f.timer); }
        if (f.kind === 'one_minute') announce(who === me ? 'One minute left in your share. There is no rush.' : 'One minute left for ' + f.name + '.');
        break;
      case 'chat':
        // During breakouts chat reaches my room alone, and is kept apart.
        var apart = !!(st.breakout && st.breakout.active);
        chat.push({ name: f.from === me ? 'You' : f.name, text: f.text, mine: f.from === me, apart: apart, gen: breakoutGen });
        chatSerial++;
        if (chat.length > 200) chat.shift();
        if (f.from !== me) announce(f.name + (apart ? ' says in your room: ' : ' says: ') + f.text);
        break;
      case 'side_chat':
        var msgs = sideMsgs[f.id] = sideMsgs[f.id] || [];
        msgs.push({ name: f.from === me ? 'You' : f.name, text: f.text, mine: f.from === me });
        if (msgs.length > 200) msgs.shift();
        if (f.from !== me) announce('Private message from ' + f.name + ': ' + f.text);
        break;
      case 'side_room_closed':
        var closed = sideRoom(f.id);
        if (!closed) { closed = { id: f.id, member_id: f.member_id }; st.side_rooms.push(closed); }
        closed.closed = true;
        if (f.member_id === me) announce(f.kind === 'member' ? 'You closed the side room.' : 'A facilitator closed the side room.');
        else announce('The side room with ' + f.name + ' was closed' + (f.kind === 'member' ? ' by ' + f.name + '.' : '.'));
        break;
      case 'chat_held':
        st.held.push({ id: f.id, text: f.text });
        announce('Your message will be sent when ' + (st.speaker ? nameOf(st.speaker) : 'the share') + ' finishes.');
        break;
      case 'chat_withdrawn':
        st.held = st.held.filter(function (h) { return h.id !== f.id; });
        announce('Your message was withdrawn.');
        break;
      case 'reaction':
        reactions.push((who === me ? 'You' : f.name) + ' sent ' + (f.kind === 'heart' ? 'a heart' : 'a nod'));
        if (reactions.length > 3) reactions.shift();
        if (who !== me) announce(f.name + ' sent ' + (f.kind === 'heart' ? 'a heart.' : 'a nod.'));
        break;
      case 'checkin':
        st.checkins.push({ member_id: who, name: f.name, word: f.word, passed: f.passed });
        if (who === me) st.checked_in = true;
        announce(who === me ? 'You checked in.' : f.name + (f.passed ? ' passed.' : ' checked in: ' + f.word + '.'));
        break;
      case 'stepped_out':
      case 'stepped_in':
        if ((m = member(who))) m.stepped_out = f.type === 'stepped_out';
        if (who !== me) announce(f.name + (f.type === 'stepped_out' ? ' stepped out for a moment.' : ' is back.'));
        break;
      case 'support_request':
        st.support.push({ id: f.id, member_id: who, name: f.name, text: f.text });
        announce(f.name + ' asked for support.');
        break;
      case 'side_room':
        // A member who facilitates hears of their own room twice: as the
        // member and as a facilitator.
        if (st.side_rooms.some(function (r) { return r.id === f.id; })) break;
        st.side_rooms.push({ id: f.id, member_id: who });
        st.support.forEach(function (r) { if (r.member_id === who && !r.room) r.room = f.id; });
        announce(who === me ? 'A facilitator opened a private side room with you. Only you and the facilitators know about it.'
          : 'A private side room with ' + f.name + ' is open.');
        break;
      case 'poll':
        var before = st.poll, p = f.poll;
        var fresh = p.open && p.answered === 0 && (!before || !before.open || before.question !== p.question);
        if (fresh) { pendingPoll = false; p.you_answered = false; } else if (before) { p.you_answered = before.you_answered; }
        if (pendingPoll && p.open && before && p.answered > before.answered) { p.you_answered = true; pendingPoll = false; announce('Your answer was sent.'); }
        st.poll = p;
        if (fresh) {
          if (pendingPollOpen) { pendingPollOpen = false; clearPollOpen(); }
          announce('A new poll: ' + p.question);
        } else if (before && before.open && !p.open) {
          announce('The poll has closed. ' + (p.counts ? 'The results are shown.' : 'Fewer than 3 people answered, so the results stay private.'));
        }
        break;
      case 'breakout':
        st.breakout = f.breakout && f.breakout.active ? f.breakout : null;
        setBreakoutTimer(st.breakout, f.at);
        noteBreakout(st.breakout);
        if (st.breakout) {
          breakoutBack = '';
          announce(roomNews('Breakout rooms have started. '));
        } else {
          breakoutBack = f.kind === 'timer' ? 'Time is up: the breakout rooms have ended. Everyone is back in the circle.'
            : 'The breakout rooms have ended. Everyone is back in the circle.';
          announce(breakoutBack);
        }
        break;
      case 'support_offer':
        offer = f;
        setText($('circle-offer-done'), '');
        announce('Only you can see this. ' + f.text);
        break;
      case 'risk_alert':
        st.alerts.push({ id: f.id, member_id: who, name: f.name, category: f.kind, at: f.at });
        announce('Private heads-up: ' + f.name + ' may need support.');
        break;
      case 'risk_shared':
        st.alerts.forEach(function (a) { if (a.id === f.id) a.text = f.text; });
        announce(f.name + ' shared what they wrote with the facilitators.');
        break;
      case 'support_noted':
        if (offer) { setText($('circle-offer-done'), f.text); if (f.kind === 'shared') offer.shared = true; }
        setText($('circle-support-done'), f.text);
        show($('circle-support-done'), true);
        $('circle-support-text').value = '';
        announce(f.text);
        break;
      case 'feedback_received':
        st.feedback_count = f.count;
        if (pendingFeedback) { st.feedback_given = true; pendingFeedback = ''; }
        break;
      case 'ended':
        ended = true;
        st.ended = true;
        break;
      case 'error':
        var area = (f.ref || '').split(':')[0];
        if (area === 'feedback') { st.feedback_given = false; pendingFeedback = ''; }
        if (area === 'poll') { pendingPoll = false; if (st.poll) st.poll.you_answered = f.code === 'already_done'; }
        if (area === 'pollrun') pendingPollOpen = false;
        showProblem(area, f.message);
        break;
    }
  }

  // ---- Problems (refusals, lost connection) ----
  var AREAS = { turn: 'circle-turn-error', checkin: 'circle-checkin-error', feedback: 'circle-feedback-error',
    chat: 'circle-chat-error', add: 'inperson-add-error', poll: 'circle-poll-error', pollrun: 'circle-poll-run-error',
    breakout: 'circle-breakout-error', side: 'circle-side-error' };
  function showProblem(area, msg) {
    var e = $(AREAS[area] || (area && area.indexOf('side-') === 0 ? 'side-error-' + area.slice(5) : '') || 'circle-problem') || $('circle-problem');
    if (hiddenNow(e.parentNode)) e = $('circle-problem');
    setText(e, msg);
    show(e, true);
    announce(msg);
  }
  function clearProblems() {
    Object.keys(AREAS).concat(['']).forEach(function (a) { var e = $(AREAS[a] || 'circle-problem'); if (e) show(e, false); });
    var sides = $('circle-side-rooms');
    if (sides) Array.prototype.forEach.call(sides.querySelectorAll('.app-error-message'), function (e) { show(e, false); });
  }

  // ---- Drawing ----
  function render() {
    if (!st) return;
    var before = document.activeElement;
    if (ended || removed) {
      show(liveEl, false);
      show($('circle-turn'), false);
      setTurnTitle(false);
      var over = $('circle-ended');
      if (removed && !ended) {
        setText($('circle-ended-heading'), 'You are no longer in this group session');
        setText($('circle-ended-text'), removedText);
      }
      if (over.hidden) {
        show(over, true);
        if (ended) announce('The group session has ended.');
        setFocus(over);
      }
      return;
    }
    show(liveEl, true);
    var me = st.you, phase = st.phase, talking = !!TALKING[phase], speaker = st.speaker || '', queue = st.queue;
    var mine = member(me) || {};
    var first = talking && !speaker ? queue[0] || '' : '';
    var myTurn = !!me && first === me;

    // Where we are: the phase and the agenda.
    setText($('circle-phase'), 'Now: ' + label(phase));
    setText($('circle-phase-hint'), (PHASES[phase] || ['', ''])[1]);
    rebuild($('circle-agenda'), (st.agenda || []).map(function (p) {
      var cur = p === phase;
      return el('li', { 'aria-current': cur ? 'step' : null, class: cur ? 'app-circle-agenda__now' : null },
        cur ? [el('strong', { text: label(p) }), ' (now)'] : [label(p)]);
    }));
    show($('circle-agreement'), phase === 'opening' && st.agreement && st.agreement.text);
    if (st.agreement) setText($('circle-agreement-text'), st.agreement.text + (st.agreement.version ? '\n\n(Version ' + st.agreement.version + ')' : ''));

    // Who is sharing, the content note and the timer.
    setText($('circle-speaker'), speaker ? (speaker === me ? 'You are sharing.' : nameOf(speaker) + ' is sharing.') : 'No one is sharing right now.');
    show($('circle-content-note'), !!(speaker && st.content_note));
    setText($('circle-content-note'), st.content_note ? 'Content note: ' + st.content_note : '');
    tick();

    // The turn panel: my turn (or, in person, the turn of someone in the room).
    var turnFor = '', sharing = false;
    if (speaker && (speaker === me || isGuest(speaker))) { turnFor = speaker; sharing = true; }
    else if (first && (first === me || isGuest(first))) { turnFor = first; }
    var panel = $('circle-turn');
    show(panel, !!turnFor);
    if (turnFor) {
      var self = turnFor === me, n = nameOf(turnFor);
      setText($('circle-turn-title'), sharing ? (self ? 'You are sharing' : n + ' is sharing') : (self ? "It's your turn" : n + '’s turn'));
      setText($('circle-turn-text'), sharing
        ? (self ? 'Take the time you need. End your share when you are ready.' : 'End the share when ' + n + ' is ready.')
        : (self ? 'You can share now, or pass. Both are fine.' : n + ' can share now, or pass.'));
      setText($('circle-share'), sharing ? (self ? 'End my share' : 'End ' + n + '’s share') : (self ? 'Start sharing' : 'Start ' + n + '’s share'));
      setText($('circle-pass'), self ? 'Pass' : n + ' passes');
      show($('circle-pass'), !sharing);
      show($('circle-note-group'), !sharing);
      show($('circle-turn-timer'), sharing);
      panel.setAttribute('data-for', turnFor);
      panel.setAttribute('data-sharing', sharing ? 'true' : 'false');
    }
    if (myTurn && !wasMyTurn) announceUrgent("It's your turn to share. You can share now, or pass.");
    wasMyTurn = myTurn;
    setTurnTitle(myTurn);

    // The check-in round.
    var checkinOn = phase === 'check_in';
    show($('circle-checkin'), checkinOn);
    var done = {};
    st.checkins.forEach(function (c) { done[c.member_id] = true; });
    var who = [];
    if (inPerson) {
      if (!done[me]) who.push([me, 'You (' + (mine.name || 'you') + ')']);
      st.members.forEach(function (x) { if (x.present && isGuest(x.id) && !done[x.id]) who.push([x.id, x.name]); });
      var sel = $('circle-checkin-who'), keep = sel.value;
      rebuildOptions(sel, who, keep);
    }
    var canCheckIn = inPerson ? who.length > 0 : !st.checked_in;
    show($('circle-checkin-form'), checkinOn && canCheckIn);
    show($('circle-checkin-done'), !canCheckIn);
    var myCheckin = st.checkins.filter(function (c) { return c.member_id === me; })[0];
    setText($('circle-checkin-done'), inPerson ? 'Everyone here has checked in.'
      : myCheckin && myCheckin.passed ? 'You passed. That is fine.' : 'You checked in. Thank you.');
    rebuild($('circle-checkins'), st.checkins.map(function (c) {
      return el('li', { text: (c.member_id === me ? 'You' : c.name) + (c.passed ? ' passed' : ': ' + c.word) });
    }));

    // My own part: my place in line, hand, stepping out.
    var idx = queue.indexOf(me);
    var place = '', apart = !!(st.breakout && st.breakout.active);
    if (apart) {
      place = 'Everyone is in breakout rooms. Turns start again when everyone is back.';
    } else if (talking) {
      if (speaker === me) place = 'You are sharing.';
      else if (idx === 0) place = speaker ? 'You are next, after ' + nameOf(speaker) + '.' : "It's your turn.";
      else if (idx > 0) place = 'You are number ' + (idx + 1) + ' in line.';
      else if (mine.had_turn) place = 'You have had your turn in this round. Raise your hand to share again.';
      else place = 'Raise your hand when you would like to share.';
    }
    setText($('circle-place'), place);
    show($('circle-place'), !!place);
    var hand = $('circle-hand');
    show(hand, talking && !apart && speaker !== me && !mine.stepped_out);
    setText(hand, idx >= 0 ? 'Lower your hand' : 'Raise your hand');
    setText($('circle-step'), mine.stepped_out ? "I'm back" : 'Step out for a moment');
    setText($('circle-reactions'), reactions.join('. '));

    // The queue, with the facilitators' "give the turn".
    var fac = iFacilitate();
    show($('circle-queue-empty'), queue.length === 0);
    rebuild($('circle-queue'), queue.map(function (id, i) {
      var n = nameOf(id);
      var kids = [el('span', { text: (id === me ? (mine.name || 'You') + ' (you)' : n) + (isGuest(id) ? ' (in the room)' : '') })];
      if (fac && (i > 0 || speaker)) {
        kids.push(' ', el('button', { type: 'button', class: 'app-button app-button--secondary app-circle-small', 'data-act': 'give_turn',
          'data-id': id, 'data-key': 'give-' + id, text: 'Give the turn to ' + (id === me ? 'yourself' : n) }));
      }
      return el('li', { 'data-member': id }, kids);
    }));

    // In person: the people in the room, and what to do for them.
    if (inPerson) renderPeople(me, talking, speaker, queue, done);

    // Feedback.
    var fbOn = phase === 'feedback';
    show($('circle-feedback'), fbOn);
    show($('circle-feedback-form'), fbOn && !st.feedback_given);
    show($('circle-feedback-done'), !!st.feedback_given);
    var fc = st.feedback_count || 0;
    setText($('circle-feedback-count'), fc ? plural(fc, 'person has', 'people have') + ' answered so far.' : '');

    // Chat, and my messages waiting for the share to end. During
    // breakouts the chat is my room's: it shows only what was said there.
    var inRooms = !!(st.breakout && st.breakout.active), room = inRooms ? myRoom() : null;
    var with_ = room ? room.members.filter(function (id) { return id !== me; }) : [];
    setText($('circle-chat-heading'), inRooms ? (room ? 'Your room' : 'Chat while the rooms are open') : 'Chat');
    setText($('circle-message-hint'), !inRooms ? CHAT_HINT : room
      ? 'Only the people in your room' + (with_.length ? ' (' + names(with_) + ')' : '') + ' read these messages.'
      : 'Everyone else is in a breakout room. Your messages reach only the others who are not in a room.');
    setText($('circle-message-label'), inRooms && room ? 'Message to your room' : 'Message');
    var log = $('circle-chat-log');
    log.setAttribute('aria-label', inRooms && room ? 'Messages in your room' : 'Messages');
    var shown = chat.filter(function (c) { return inRooms ? c.apart && c.gen === breakoutGen : !c.apart; });
    var key = (inRooms ? 'room' + breakoutGen : 'circle') + ':' + chatSerial;
    if (key !== chatKey) {
      chatKey = key;
      rebuild(log, shown.map(function (c) {
        return el('li', { class: c.mine ? 'app-circle-chat__mine' : null }, [el('strong', { text: c.name + ': ' }), c.text]);
      }));
      log.scrollTop = log.scrollHeight;
      // A list that scrolls must be reachable by keyboard.
      if (log.scrollHeight > log.clientHeight) log.setAttribute('tabindex', '0'); else log.removeAttribute('tabindex');
    }
    rebuild($('circle-held'), st.held.map(function (h) {
      return el('li', { 'data-held': h.id }, [
        el('span', { class: 'app-circle-held__label', text: 'Waiting until ' + (st.speaker ? nameOf(st.speaker) : 'the share') + ' finishes: ' }),
        el('span', { text: h.text }), ' ',
        el('button', { type: 'button', class: 'app-button app-button--secondary app-circle-small', 'data-act': 'withdraw', 'data-held': h.id,
          'data-key': 'withdraw-' + h.id }, ['Withdraw', el('span', { class: 'app-visually-hidden', text: ' this message' })])
      ]);
    }));

    // Everyone present.
    var present = st.members.filter(function (x) { return x.present; });
    setText($('circle-members-heading'), 'In the circle (' + present.length + ')');
    rebuild($('circle-members'), present.map(function (x) {
      var tags = [];
      if (x.id === me) tags.push('you');
      if (facilitates(x.role)) tags.push('facilitator');
      if (isGuest(x.id)) tags.push('in the room');
      if (x.stepped_out) tags.push('stepped out');
      if (x.just_listening) tags.push('just listening');
      var kids = [x.name + (tags.length ? ' (' + tags.join(', ') + ')' : '')];
      if (x.id === speaker) kids.push(' ', el('strong', { text: '(sharing now)' }));
      return el('li', { 'aria-current': x.id === speaker ? 'true' : null }, kids);
    }));

    // The facilitators' controls.
    show($('circle-facilitate'), fac);
    if (fac) {
      var ag = st.agenda || [], at = ag.indexOf(phase), next = at >= 0 ? ag[at + 1] : '';
      show($('circle-advance'), !!next);
      setText($('circle-advance'), next ? 'Move on to: ' + label(next) : 'Move on');
      $('circle-advance').setAttribute('data-phase', next || '');
      var ps = $('circle-phase-select');
      rebuildOptions(ps, ag.map(function (p) { return [p, label(p) + (p === phase ? ' (now)' : '')]; }), phasePicked || next || phase);
      var skip = $('circle-skip');
      show(skip, !!(speaker || first));
      setText(skip, speaker ? 'Skip the rest of ' + (speaker === me ? 'your' : nameOf(speaker) + '’s') + ' share' : first ? 'Skip ' + (first === me ? 'your' : nameOf(first) + '’s') + ' turn' : 'Skip');
      show($('circle-extend'), !!speaker);
      show($('circle-alerts-none'), st.alerts.length === 0);
      rebuild($('circle-alerts-list'), st.alerts.map(function (a) {
        var t = new Date(a.at);
        var when = isNaN(t) ? '' : ' at ' + t.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        var kids = [el('strong', { text: a.name }), ' may need support (' + (RISKS[a.category] || 'a worrying message') + ')' + when + '.'];
        if (a.text) kids.push(' They shared: ', el('q', { text: a.text }));
        return el('li', { 'data-alert': a.id }, kids);
      }));
      show($('circle-support-none'), st.support.length === 0);
      rebuild($('circle-support-list'), st.support.map(function (s) {
        var kids = [s.name + (s.text ? ': ' + s.text : ' asked for support')];
        var m = member(s.member_id);
        if (openSideRoomWith(s.member_id)) {
          kids.push(' ', el('strong', { 'data-key': 'side-' + s.id, text: '(a private side room is open)' }));
        } else if (m && m.present && s.member_id !== me) {
          kids.push(' ', el('button', { type: 'button', class: 'app-button app-button--secondary app-circle-small', 'data-act': 'open_side_room',
            'data-id': s.member_id, 'data-key': 'side-' + s.id, text: 'Open a private side room with ' + s.name }));
        }
        return el('li', { 'data-support': s.id }, kids);
      }));
    }
    renderPoll(fac);
    renderBreakout(fac);

    renderSideRooms(me, fac);

    // A support offer, for me alone.
    show($('circle-offer'), !!offer);
    if (offer) {
      var res = offer.resources || { lines: [] };
      setText($('circle-offer-text'), offer.text);
      setText($('circle-offer-region'), res.lines && res.lines.length
        ? 'People you can talk to now' + (res.region_name ? ' in ' + res.region_name : '') + ', free and confidential:'
        : 'If you are in danger now, call your local emergency number.' + (res.emergency ? ' (' + res.emergency + ')' : ''));
      rebuild($('circle-offer-lines'), (res.lines || []).map(function (l) {
        var kids = [el('strong', { text: l.name })];
        if (l.phone) kids.push(' ', l.tel ? el('a', { href: 'tel:' + l.tel, text: 'Call ' + l.phone }) : 'Call ' + l.phone);
        if (l.text) kids.push('. Text: ' + l.text);
        if (l.chat_url) kids.push('. ', el('a', { href: l.chat_url, target: '_blank', rel: 'noopener', text: 'Chat online' }));
        if (l.hours) kids.push(' (' + l.hours + ')');
        return el('li', null, kids);
      }));
      show($('circle-offer-share'), !offer.shared);
      show($('circle-offer-done'), !!$('circle-offer-done').textContent);
    }

    // Focus: if what had it has gone, put it somewhere sensible.
    var a = document.activeElement;
    var mineToMove = before && before !== document.body && (liveEl.contains(before) || $('circle-turn').contains(before));
    if (mineToMove && (a === before || a === document.body || !a) && hiddenNow(before)) setFocus(fallbackFocus());
  }

  // renderSideRooms draws the private side rooms I am in: for a member the
  // one with the facilitators, for a facilitator every one. Each has its
  // messages, a form to write and a button to close it. The forms are made
  // once per room and kept, so what someone is typing survives a redraw.
  function renderSideRooms(me, fac) {
    var rooms = st.side_rooms.filter(function (r) { return fac || r.member_id === me; });
    var mineOnly = !fac;
    show($('circle-side'), rooms.length > 0);
    setText($('circle-side-title'), mineOnly ? 'A side room with the facilitators' : rooms.length === 1 ? 'A side room' : 'Side rooms');
    setText($('circle-side-text'), mineOnly
      ? 'A facilitator has opened a private side room with you. Only you and the facilitators know about it. Only you and they can read what is written here.'
      : 'Only the member and the group’s facilitators can read what is written in a side room. Other members never see it.');
    show($('circle-side-note'), mineOnly);
    var box = $('circle-side-rooms'), keep = {};
    rooms.forEach(function (r) {
      if (!sideNums[r.id]) sideNums[r.id] = ++sideN;
      var n = sideNums[r.id];
      keep['side-room-' + n] = true;
      var div = $('side-room-' + n);
      if (!div) {
        var who = r.member_id === me ? 'the facilitators' : nameOf(r.member_id);
        div = el('div', { id: 'side-room-' + n, class: 'app-circle-side-room', 'data-room': r.id }, [
          el('h3', { class: 'app-heading-s', id: 'side-heading-' + n, text: r.member_id === me ? 'Messages' : 'With ' + who }),
          el('ol', { class: 'app-circle-chat', id: 'side-log-' + n, 'aria-labelledby': 'side-heading-' + n }),
          el('p', { class: 'app-hint', id: 'side-empty-' + n, text: 'No messages yet.' }),
          el('form', { id: 'side-form-' + n, 'data-side-form': r.id, 'data-n': String(n), novalidate: 'novalidate' }, [
            el('div', { class: 'app-form-group' }, [
              el('label', { class: 'app-label', for: 'side-message-' + n, text: 'Private message to ' + who }),
              el('textarea', { class: 'app-textarea app-circle-message', id: 'side-message-' + n, rows: '2' })
            ]),
            el('p', { class: 'app-error-message', id: 'side-error-' + n, hidden: 'hidden' }),
            el('div', { class: 'app-circle-buttons' }, [
              el('button', { type: 'submit', class: 'app-button app-button--secondary', id: 'side-send-' + n, text: 'Send privately' }),
              el('button', { type: 'button', class: 'app-button app-button--secondary', id: 'side-close-' + n, 'data-act': 'close_side_room',
                'data-room': r.id, 'data-n': String(n), text: 'Close the side room' })
            ])
          ]),
          el('p', { id: 'side-closed-' + n, hidden: 'hidden', text: 'This side room is closed. No one can write in it now.' })
        ]);
        box.appendChild(div);
      }
      var had = document.activeElement;
      var msgs = sideMsgs[r.id] || [], log = $('side-log-' + n);
      if (log.getAttribute('data-count') !== String(msgs.length) + ':' + (msgs.length && msgs[msgs.length - 1].text)) {
        log.setAttribute('data-count', String(msgs.length) + ':' + (msgs.length && msgs[msgs.length - 1].text));
        rebuild(log, msgs.map(function (c) {
          return el('li', { class: c.mine ? 'app-circle-chat__mine' : null }, [el('strong', { text: c.name + ': ' }), c.text]);
        }));
        log.scrollTop = log.scrollHeight;
        if (log.scrollHeight > log.clientHeight) log.setAttribute('tabindex', '0'); else log.removeAttribute('tabindex');
      }
      show($('side-empty-' + n), msgs.length === 0);
      show($('side-form-' + n), !r.closed);
      show($('side-closed-' + n), !!r.closed);
      movedFocus(had, $('side-form-' + n), $('side-closed-' + n));
    });
    Array.prototype.slice.call(box.children).forEach(function (d) { if (!keep[d.id]) box.removeChild(d); });
  }

  // renderPoll draws the open or last poll: for members the choices (once)
  // or the thanks, the count so far, and the results once they may be
  // shown; for facilitators the form to open one, or the button to close it.
  function renderPoll(fac) {
    var p = st.poll, had = document.activeElement;
    show($('circle-poll'), !!p);
    if (p) {
      var key = JSON.stringify([p.question, p.options]);
      if (key !== pollKey) {
        pollKey = key;
        setText($('circle-poll-legend'), p.question);
        rebuild($('circle-poll-choices'), p.options.map(function (o, i) {
          var id = 'poll-choice-' + (i + 1);
          return el('div', { class: 'app-choices__item' }, [
            el('input', { class: 'app-choices__input', type: 'radio', id: id, name: 'poll-choice', value: i + 1 }),
            el('label', { class: 'app-label app-choices__label', for: id, text: o })]);
        }));
      }
      var canAnswer = p.open && !p.you_answered;
      show($('circle-poll-form'), canAnswer);
      setText($('circle-poll-question'), p.question);
      show($('circle-poll-question'), !canAnswer);
      show($('circle-poll-done'), !!p.you_answered);
      var n = p.answered || 0, so = answeredSoFar(n, p.open ? ' so far' : '') + ' ';
      var status;
      if (p.counts) status = 'The poll is closed. ' + so;
      else if (p.open && n < 3) status = so + 'Results show once 3 people have answered and the poll is closed.';
      else if (p.open) status = so + 'Results show when the facilitator closes the poll.';
      else status = 'The poll is closed. ' + so + 'Results show only when 3 or more people have answered, so these stay private.';
      setText($('circle-poll-status'), status.trim());
      show($('circle-poll-results'), !!p.counts);
      rebuild($('circle-poll-results'), (p.counts || []).map(function (c, i) {
        return el('li', null, [el('strong', { text: p.options[i] + ': ' }), plural(c, 'person', 'people')]);
      }));
      movedFocus(had, $('circle-poll-form'), p.you_answered ? $('circle-poll-done') : $('circle-poll-status'));
    } else {
      pollKey = '';
    }
    if (!fac) return;
    var running = !!(p && p.open);
    show($('circle-poll-details'), !running);
    show($('circle-poll-running'), running);
    if (running) setText($('circle-poll-running-text'), 'The poll is open. ' + answeredSoFar(p.answered || 0, ' so far'));
    movedFocus(had, $('circle-poll-details'), $('circle-poll-running-text'));
    movedFocus(had, $('circle-poll-running'), $('circle-poll-run-heading'));
  }

  function answeredSoFar(n, sofar) {
    return n ? plural(n, 'person has', 'people have') + ' answered' + sofar + '.' : 'No one has answered yet.';
  }

  // movedFocus puts focus on to when the control that had it (in from)
  // has just been hidden: after a form is sent, the news next to it.
  function movedFocus(had, from, to) {
    if (had && had !== document.body && from.contains(had) && hiddenNow(had)) setFocus(to);
  }

  // renderBreakout draws the breakout rooms: mine, who is with me, the time
  // left (tick), every room for facilitators, and the news that everyone
  // is back.
  function renderBreakout(fac) {
    var had = document.activeElement;
    var b = st.breakout && st.breakout.active ? st.breakout : null;
    show($('circle-breakout'), !!b || !!breakoutBack);
    show($('circle-breakout-on'), !!b);
    setText($('circle-breakout-back'), breakoutBack);
    show($('circle-breakout-back'), !b && !!breakoutBack);
    if (b) {
      var r = myRoom();
      setText($('circle-breakout-room'), r ? 'You are in room ' + r.n + '.' : 'You are not in a breakout room.');
      var others = r ? r.members.filter(function (id) { return id !== st.you; }) : [];
      setText($('circle-breakout-with'), r ? (others.length ? 'With you: ' + names(others) + '.' : 'No one else is in this room.')
        : 'You joined after the rooms were made. You can wait here until everyone is back.');
      show($('circle-breakout-all'), fac);
      if (fac) {
        rebuild($('circle-breakout-rooms'), (b.rooms || []).map(function (x, i) {
          return el('li', null, [el('strong', { text: 'Room ' + (i + 1) + ': ' }), names(x.members || [])]);
        }));
      }
    }
    tickBreakout();
    if (!fac) return;
    show($('circle-breakout-details'), !b);
    show($('circle-breakout-running'), !!b);
    if (b) $('circle-breakout-details').open = false; // folded again for the next time
    movedFocus(had, $('circle-breakout-details'), $('circle-breakout-running-text'));
    movedFocus(had, $('circle-breakout-running'), $('circle-breakout-run-heading'));
  }

  function rebuildOptions(sel, pairs, keep) {
    var same = sel.options.length === pairs.length && pairs.every(function (p, i) { return sel.options[i].value === p[0] && sel.options[i].text === p[1]; });
    if (!same) {
      while (sel.firstChild) sel.removeChild(sel.firstChild);
      pairs.forEach(function (p) { sel.appendChild(el('option', { value: p[0], text: p[1] })); });
    }
    if (keep && pairs.some(function (p) { return p[0] === keep; })) sel.value = keep;
  }

  function renderPeople(me, talking, speaker, queue, done) {
    var people = st.members.filter(function (x) { return x.present && (x.id === me || isGuest(x.id)); });
    rebuild($('inperson-people'), people.map(function (x) {
      var self = x.id === me;
      var i = queue.indexOf(x.id), status = [];
      if (x.id === speaker) status.push('sharing now');
      else if (i >= 0) status.push('number ' + (i + 1) + ' in line');
      if (x.stepped_out) status.push('stepped out');
      var c = st.checkins.filter(function (k) { return k.member_id === x.id; })[0];
      if (c) status.push(c.passed ? 'passed the check-in' : 'checked in: ' + c.word);
      var kids = [el('span', { class: 'app-circle-people__name', text: (self ? x.name + ' (you)' : x.name) + (status.length ? ': ' + status.join(', ') : '') })];
      var buttons = [];
      if (talking && x.id !== speaker && !x.stepped_out) {
        buttons.push(i >= 0 ? ['lower_hand', self ? 'Lower your hand' : 'Lower ' + x.name + '’s hand'] : ['raise_hand', self ? 'Raise your hand' : 'Raise hand for ' + x.name]);
      }
      if (!self) {
        buttons.push(x.stepped_out ? ['step_in', x.name + ' is back'] : ['step_out', x.name + ' stepped out']);
        buttons.push(['leave', x.name + ' has left']);
      }
      var div = el('div', { class: 'app-circle-buttons' }, buttons.map(function (b) {
        return el('button', { type: 'button', class: 'app-button app-button--secondary app-circle-small', 'data-act': b[0], 'data-id': x.id,
          'data-key': b[0] + '-' + x.id, text: b[1] });
      }));
      return el('li', { 'data-member': x.id }, buttons.length ? kids.concat([div]) : kids);
    }));
  }

  // tick draws the share timer: a countdown everyone can see, which never
  // cuts anyone off. It is not a live region: only the one-minute notice
  // is announced.
  function tick() {
    var on = !!(st && st.speaker && timerEnd && !ended);
    var t = $('circle-timer'), big = $('circle-turn-timer');
    show(t, on);
    if (!on) return;
    var left = Math.ceil((timerEnd - performance.now()) / 1000);
    var text;
    if (left > 0) {
      var m = Math.floor(left / 60), s = left % 60;
      text = m + ':' + (s < 10 ? '0' : '') + s + ' left';
    } else {
      text = 'Time is up. There is no rush to finish.';
    }
    setText(t, text);
    setText(big, text);
    t.classList.toggle('app-circle-timer--over', left <= 0);
  }
  // tickBreakout draws the time left in the breakout rooms, the same calm
  // way: visible, never read out.
  function tickBreakout() {
    var t = $('circle-breakout-timer');
    var on = !!(st && st.breakout && st.breakout.active && breakoutEnd && !ended);
    show(t, on);
    if (!on) return;
    var left = Math.ceil((breakoutEnd - performance.now()) / 1000);
    var m = Math.floor(Math.max(0, left) / 60), s = Math.max(0, left) % 60;
    setText(t, left > 0 ? m + ':' + (s < 10 ? '0' : '') + s + ' left' : 'Time is up. Everyone comes back in a moment.');
  }
  setInterval(function () { tick(); tickBreakout(); }, 1000);

  // ---- Sending ----
  var refN = 0;
  function send(op, fields, area) {
    var msg = { op: op, ref: (area || 'general') + ':' + (++refN) };
    Object.keys(fields || {}).forEach(function (k) { msg[k] = fields[k]; });
    if (!socket || socket.readyState !== 1) {
      showProblem(area, 'You are not connected to the circle right now. We are trying again.');
      return false;
    }
    clearProblems();
    socket.send(JSON.stringify(msg));
    return true;
  }

  // act does something for a member: over the socket for myself, or, in
  // person, through the page for someone in the room.
  function act(id, op, fields, area) {
    if (!st || id === st.you) return send(op, fields, area);
    if (!isGuest(id)) return false;
    var body = new URLSearchParams();
    body.set('csrf', csrf);
    body.set('member_id', id);
    body.set('op', op);
    Object.keys(fields || {}).forEach(function (k) { body.set(k, String(fields[k])); });
    clearProblems();
    postForm(actPath, body).then(function (res) {
      if (!res.ok) return problemFrom(res, area);
    }).catch(function () { showProblem(area, 'That did not reach the circle. Check the connection and try again.'); });
    return true;
  }
  function postForm(path, body) {
    return fetch(path, { method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  }
  function problemFrom(res, area) {
    return res.json().then(function (j) {
      showProblem(area, (j && j.error && j.error.message) || 'That did not work. Try again.');
    }, function () { showProblem(area, 'That did not work. Try again.'); });
  }

  // ---- Controls ----
  $('circle-share').addEventListener('click', function () {
    var p = $('circle-turn'), id = p.getAttribute('data-for');
    if (p.getAttribute('data-sharing') === 'true') { act(id, 'end_share', null, 'turn'); return; }
    var note = $('circle-note').value.trim();
    if (act(id, 'start_share', note ? { content_note: note } : null, 'turn')) $('circle-note').value = '';
  });
  $('circle-pass').addEventListener('click', function () { act($('circle-turn').getAttribute('data-for'), 'pass', null, 'turn'); });
  $('circle-hand').addEventListener('click', function () {
    send(st && st.queue.indexOf(st.you) >= 0 ? 'lower_hand' : 'raise_hand');
  });
  $('circle-step').addEventListener('click', function () {
    var m = st && member(st.you);
    send(m && m.stepped_out ? 'step_in' : 'step_out');
  });
  $('circle-nod').addEventListener('click', function () { send('react', { kind: 'nod' }); });
  $('circle-heart').addEventListener('click', function () { send('react', { kind: 'heart' }); });
  $('circle-offer-reach').addEventListener('click', function () {
    if (offer) send('reach_facilitator', { target: offer.id });
  });
  $('circle-offer-share').addEventListener('click', function () {
    if (offer) send('share_with_facilitator', { target: offer.id });
  });
  $('circle-support-send').addEventListener('click', function () {
    var text = $('circle-support-text').value.trim();
    send('need_support', text ? { text: text } : null);
  });

  $('circle-checkin-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var picked = document.querySelector('input[name="mood"]:checked');
    var word = $('circle-word').value.trim();
    var who = inPerson ? $('circle-checkin-who').value : st.you;
    if (!picked) { showProblem('checkin', 'Choose how ' + (who === st.you ? 'you are' : nameOf(who) + ' is') + ' feeling, or pass.'); return; }
    if (!word) { showProblem('checkin', 'Enter one word for how ' + (who === st.you ? 'you are' : nameOf(who) + ' is') + ', or pass.'); return; }
    if (act(who, 'checkin', { mood: Number(picked.value), word: word }, 'checkin')) clearCheckin();
  });
  $('circle-checkin-pass').addEventListener('click', function () {
    var who = inPerson ? $('circle-checkin-who').value : st.you;
    if (act(who, 'checkin', { pass: true }, 'checkin')) clearCheckin();
  });
  function clearCheckin() {
    document.querySelectorAll('input[name="mood"]').forEach(function (r) { r.checked = false; });
    $('circle-word').value = '';
  }

  $('circle-feedback-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var v = {};
    var missing = ['felt_heard', 'felt_safe', 'would_come_back'].some(function (n) {
      var r = document.querySelector('input[name="' + n + '"]:checked');
      if (r) v[n] = Number(r.value);
      return !r;
    });
    if (missing) { showProblem('feedback', 'Answer all three questions from 1 to 5.'); return; }
    var c = $('circle-comment').value.trim();
    if (c) v.comment = c;
    if (send('feedback', v, 'feedback')) pendingFeedback = 'sent';
  });

  $('circle-chat-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var box = $('circle-message'), text = box.value.trim();
    if (!text) { showProblem('chat', 'Write a message first.'); return; }
    if (send('chat', { text: text }, 'chat')) box.value = '';
  });

  // A private message in a side room.
  root.addEventListener('submit', function (ev) {
    var form = ev.target.closest('form[data-side-form]');
    if (!form) return;
    ev.preventDefault();
    var n = form.getAttribute('data-n'), box = $('side-message-' + n), text = box.value.trim();
    if (!text) { showProblem('side-' + n, 'Write a message first.'); return; }
    if (send('side_chat', { id: form.getAttribute('data-side-form'), text: text }, 'side-' + n)) box.value = '';
  });

  // The anonymous poll: a member answers once; a facilitator opens one
  // (a question and 2 to 6 answers) and closes it.
  $('circle-poll-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var picked = document.querySelector('input[name="poll-choice"]:checked');
    if (!picked) { showProblem('poll', 'Choose an answer.'); return; }
    if (send('poll_answer', { choice: Number(picked.value) }, 'poll')) pendingPoll = true;
  });
  function pollOptionInputs() {
    return [1, 2, 3, 4, 5, 6].map(function (i) { return $('circle-poll-option-' + i); });
  }
  function clearPollOpen() {
    $('circle-poll-text').value = '';
    pollOptionInputs().forEach(function (i) { i.value = ''; });
    $('circle-poll-details').open = false; // folded again for the next poll
  }
  $('circle-poll-open').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('circle-poll-text').value.trim();
    var options = pollOptionInputs().map(function (i) { return i.value.trim(); }).filter(Boolean);
    if (!text) { showProblem('pollrun', 'Enter a question for the poll.'); return; }
    if (options.length < 2) { showProblem('pollrun', 'Enter at least 2 answers to choose from.'); return; }
    if (send('poll_open', { text: text, options: options }, 'pollrun')) pendingPollOpen = true;
  });
  $('circle-poll-close').addEventListener('click', function () { send('poll_close', null, 'pollrun'); });

  // Breakout rooms: the size of each room and how many minutes.
  $('circle-breakout-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var size = $('circle-breakout-size').value.trim(), minutes = $('circle-breakout-minutes').value.trim();
    if (!/^\d+$/.test(size) || Number(size) < 2 || Number(size) > 50) {
      showProblem('breakout', 'Enter how many people go in each room, from 2 to 50.');
      return;
    }
    if (!/^\d+$/.test(minutes) || Number(minutes) < 1 || Number(minutes) > 120) {
      showProblem('breakout', 'Enter how many minutes the rooms last, from 1 to 120.');
      return;
    }
    send('breakout_start', { size: Number(size), seconds: Number(minutes) * 60 }, 'breakout');
  });
  $('circle-breakout-end').addEventListener('click', function () { send('breakout_end', null, 'breakout'); });

  $('circle-advance').addEventListener('click', function () { send('advance', { phase: this.getAttribute('data-phase') }); });
  var phasePicked = '';
  $('circle-phase-select').addEventListener('change', function () { phasePicked = this.value; });
  $('circle-phase-go').addEventListener('click', function () {
    if (send('advance', { phase: $('circle-phase-select').value })) phasePicked = '';
  });
  $('circle-skip').addEventListener('click', function () { send('skip'); });
  $('circle-extend').addEventListener('click', function () { send('extend', { seconds: 120 }); });
  var endButton = $('circle-end');
  if (endButton) endButton.addEventListener('click', function () { send('end_session'); });

  // Buttons drawn in lists: give the turn, withdraw a held message, and
  // in person what is done for the people in the room.
  root.addEventListener('click', function (ev) {
    var b = ev.target.closest('button[data-act]');
    if (!b || !st) return;
    var op = b.getAttribute('data-act');
    if (op === 'give_turn') send('give_turn', { member_id: b.getAttribute('data-id') });
    else if (op === 'withdraw') send('withdraw', { id: b.getAttribute('data-held') }, 'chat');
    else if (op === 'open_side_room') send('open_side_room', { member_id: b.getAttribute('data-id') }, 'side');
    else if (op === 'close_side_room') send('close_side_room', { id: b.getAttribute('data-room') }, 'side-' + b.getAttribute('data-n'));
    else act(b.getAttribute('data-id'), op);
  });

  // In person: add someone in the room without leaving the page.
  var addForm = $('inperson-add');
  if (addForm) {
    addForm.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var input = $('inperson-name'), name = input.value.trim();
      if (!name) { showProblem('add', 'Enter a first name.'); return; }
      clearProblems();
      postForm(guestPath, new URLSearchParams({ csrf: csrf, name: name })).then(function (res) {
        if (!res.ok) return problemFrom(res, 'add');
        return res.json().then(function (g) {
          guests[g.member_id] = g.name;
          input.value = '';
          bumpInRoom();
          render();
        });
      }).catch(function () { showProblem('add', 'That did not reach the circle. Check the connection and try again.'); });
    });
  }
  // The in-room count follows the names added until the facilitator
  // changes it.
  var inRoom = $('in-room'), inRoomTouched = false;
  if (inRoom) inRoom.addEventListener('input', function () { inRoomTouched = true; });
  function bumpInRoom() {
    if (!inRoom || inRoomTouched) return;
    inRoom.value = String(Object.keys(guests).length + 1);
  }

  // ---- The connection ----
  function setConnection(text) { setText($('circle-connection'), text); }

  function connect() {
    clearTimeout(retry);
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + livePath + (last >= 0 ? '?since=' + last : '');
    var ws;
    try { ws = new WebSocket(url); } catch (e) { scheduleRetry(); return; }
    socket = ws;
    api.socket = ws;
    api.url = url;
    ws.onopen = function () {
      if (socket !== ws) return;
      connects++;
      api.connects = connects;
      failures = 0;
      setConnection('You are in the circle.');
      if (outage) { outage = false; announce('Reconnected to the circle.'); }
      clearProblems();
    };
    ws.onmessage = function (ev) { if (socket === ws) onFrame(ev.data); };
    ws.onclose = function (ev) {
      if (socket !== ws) return;
      socket = null;
      api.socket = null;
      onClosed(ev.code, ev.reason || '');
    };
  }

  function onFrame(data) {
    var f;
    try { f = JSON.parse(data); } catch (e) { return; }
    if (!f || typeof f.seq !== 'number') return;
    if (f.type === 'state') {
      baseline(f);
    } else if (last >= 0 && f.seq !== last + 1) {
      resync(); // a gap: ask again from the last one seen
      return;
    } else if (st) {
      apply(f);
    }
    last = f.seq;
    api.last = last;
    render();
  }

  function resync() {
    var ws = socket;
    socket = null;
    api.socket = null;
    if (ws) ws.close(4000, 'resync');
    connect();
  }

  function onClosed(code, reason) {
    if (ended || removed || leftForGood) { render(); return; }
    if (code === 4403) { removed = true; render(); return; }
    if (code === 1000 && /ended/.test(reason)) { ended = true; if (st) st.ended = true; render(); return; }
    if (code === 1000 && reason === 'left') { leftForGood = true; setConnection('You left the circle. Reload the page to join again.'); return; }
    scheduleRetry();
  }

  // scheduleRetry waits 1, 2, 4... up to 30 seconds (with a little
  // randomness, so a room does not reconnect all at once), and after a few
  // failures asks whether the session is still running at all.
  function scheduleRetry() {
    failures++;
    var wait = Math.min(30000, 1000 * Math.pow(2, failures - 1)) * (1 + Math.random() / 2);
    var secs = Math.round(wait / 1000);
    setConnection('The connection was lost. Trying again in ' + plural(secs, 'second', 'seconds') + '…');
    if (!outage) { outage = true; announce('The connection to the circle was lost. Trying to reconnect.'); }
    clearTimeout(retry);
    retry = setTimeout(function () {
      if (failures >= 3) checkStatus(connect);
      else connect();
    }, wait);
  }

  // checkStatus asks the server about the session, and stops trying when
  // it has ended or was cancelled.
  function checkStatus(then) {
    fetch(statusPath, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (s) {
      if (s && (s.status === 'ended' || s.status === 'cancelled')) {
        ended = true;
        if (st) { st.ended = true; render(); } else { show($('circle-ended'), true); show(liveEl, false); }
        return;
      }
      then(s);
    }, function () { then(null); });
  }

  // Before the session starts: look every 15 seconds, and join when it does.
  function waitForStart() {
    checkStatus(function (s) {
      if (s && s.status === 'live') {
        show($('circle-waiting'), false);
        show(liveEl, true);
        connect();
        return;
      }
      setTimeout(waitForStart, 15000);
    });
  }

  if (root.getAttribute('data-running') === 'true') connect();
  else if (root.getAttribute('data-status') === 'scheduled') waitForStart();

  if (reduceMotion) root.classList.add('app-circle--still');
})();
