// The real-time hour clock, from tlaplus/Examples specifications/SpecifyingSystems/RealTime
// (MCRealTimeHourClock.tla, after Specifying Systems ch. 9): an hour clock `hr` that ticks between
// SecondsPerHour - Rho and SecondsPerHour + Rho seconds of a real-time clock `now` (bounded by
// MaxReal), with a timer `t` of the time since the last tick. Checked as INIT BigInit, NEXT BigNext:
// no fairness, so a behaviour may stop anywhere.
// ErrorTemporal == [](now # 4 => <>[](now # 4)) is meant to fail: `now` can reach 4 and stay there
// forever (TLC reports a lasso that ends in stuttering).
// TLC: 72 initial states and 216 distinct states with MaxReal = 5 and SecondsPerHour + Rho = 3
// (the defaults below); every state of this graph has an explicit stuttering successor (the
// UNCHANGED branch of [NowNext]_now /\ [HCnxt]_hr), which TLC counts as generated.
import { defineSpec, int, model } from 'interleave';

export default defineSpec(
  { name: 'MCRealTimeHourClock', params: { MaxReal: 5, Rho: 1, SecondsPerHour: 2 } },
  ({ MaxReal, Rho, SecondsPerHour }) => {
    if (!(Rho > 0 && Rho <= MaxReal)) throw new RangeError('MCRealTimeHourClock: ASSUME (Rho \\in Real) /\\ (Rho > 0)');
    const Real = int(0, MaxReal);
    const MaxT = SecondsPerHour + Rho;
    const nextHour = (hr: number) => (hr !== 12 ? hr + 1 : 1);
    return (
      model({ hr: int(1, 12), now: Real, t: int(0, MaxT) })
        // BigInit == HCini /\ t = 0 /\ now \in Real
        .init((s, { choose }) => {
          s.hr = choose(int(1, 12).values);
          s.t = 0;
          s.now = choose(Real.values);
        })
        // BigNext, branch NowNext /\ UNCHANGED hr: one successor per r \in Real with r > now and t' <= MaxT
        .action('NowNext', { r: Real }, {
          when: (s, { r }) => r > s.now && s.t + (r - s.now) <= MaxT,
          effect: (n, { r }, { prev }) => {
            n.now = r;
            n.t = prev.t + (r - prev.now);
          },
        })
        // branch UNCHANGED now /\ HCnxt: the hour ticks, and the timer restarts (MinTime: not too early)
        .action('HCnxt', {
          when: (s) => s.t >= SecondsPerHour - Rho,
          effect: (n, _, { prev }) => {
            n.hr = nextHour(prev.hr);
            n.t = 0;
          },
        })
        // branch UNCHANGED now /\ UNCHANGED hr: t' = t + 0, a stuttering step
        .action('Unchanged', {})
        .leadsToAlways(
          'ErrorTemporal',
          (s) => s.now !== 4,
          (s) => s.now !== 4,
        )
    );
  },
);
