-- a test-and-set lock whose holder never releases it; the other thread spins forever
type thread: 0..1;
type label: enum { acquire, crit, finished };
var locked: boolean;
var pc: array [thread] of label;
startstate begin locked := false; for i: thread do pc[i] := acquire; end; end;
ruleset i: thread do
  rule "acquire" pc[i] = acquire ==> begin if !locked then locked := true; pc[i] := crit; endif; end;
  rule "crit" pc[i] = crit ==> begin pc[i] := finished; end;
endruleset;
