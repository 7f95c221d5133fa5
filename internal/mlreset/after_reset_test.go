package mlreset

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

const (
	testJob      = "my-job"
	testDatafeed = "feed-for-my-job"
)

// What can be read before the close: every job state, and every datafeed
// state with each running_state (none, real time, lookback with an end).
var (
	jobStates = []string{esclient.JobOpened, esclient.JobOpening, esclient.JobClosed, esclient.JobClosing, esclient.JobFailed}

	realTime = &esclient.RunningState{RealTimeConfigured: true, RealTimeRunning: true}
	lookback = &esclient.RunningState{RealTimeConfigured: false}
)

type datafeedBefore struct {
	name  string
	id    string
	stats esclient.DatafeedStats
}

func datafeedsBefore() []datafeedBefore {
	all := []datafeedBefore{{name: "no datafeed"}}
	for _, state := range []string{esclient.DatafeedStarted, esclient.DatafeedStarting, esclient.DatafeedStopped, esclient.DatafeedStopping} {
		for _, rs := range []struct {
			name  string
			state *esclient.RunningState
		}{{"no running_state", nil}, {"real time", realTime}, {"lookback", lookback}} {
			all = append(all, datafeedBefore{
				name:  state + ", " + rs.name,
				id:    testDatafeed,
				stats: esclient.DatafeedStats{State: state, JobID: testJob, RunningState: rs.state},
			})
		}
	}
	return all
}

// Under restore a job comes back when it was opened or opening; a failed
// one stays closed with a warning (design §8).
var restoreJob = map[string]struct {
	open, failedWarning bool
}{
	esclient.JobOpened:  {open: true},
	esclient.JobOpening: {open: true},
	esclient.JobClosed:  {},
	esclient.JobClosing: {},
	esclient.JobFailed:  {failedWarning: true},
}

// Under restore a datafeed comes back when it was started or starting in
// real time (running_state says so, or there is none); one running a
// lookback with an end does not, with a warning.
func restoreDatafeed(df datafeedBefore) (realTimeRun, lookbackRun bool) {
	ran := df.id != "" && (df.stats.State == esclient.DatafeedStarted || df.stats.State == esclient.DatafeedStarting)
	isLookback := df.stats.RunningState != nil && !df.stats.RunningState.RealTimeConfigured
	return ran && !isLookback, ran && isLookback
}

func TestPlanAfterResetCoversEveryCombination(t *testing.T) {
	for _, mode := range []AfterReset{"", AfterResetClosed, AfterResetStarted, AfterResetRestore} {
		for _, job := range jobStates {
			for _, df := range datafeedsBefore() {
				t.Run(fmt.Sprintf("%q/job %s/%s", mode, job, df.name), func(t *testing.T) {
					before := Before{JobState: job, DatafeedID: df.id, Datafeed: df.stats}
					got := PlanAfterReset(testJob, mode, before)

					var want Plan
					switch mode {
					case AfterResetStarted:
						want = Plan{OpenJob: true, StartDatafeed: df.id}
					case AfterResetRestore:
						j := restoreJob[job]
						realTimeRun, lookbackRun := restoreDatafeed(df)
						want.OpenJob = j.open
						if j.failedWarning {
							want.Warnings = append(want.Warnings, Warning{Kind: WarningFailedJobLeftClosed, JobID: testJob})
						}
						switch {
						case lookbackRun:
							want.Warnings = append(want.Warnings, Warning{Kind: WarningLookbackNotRestarted, JobID: testJob, DatafeedID: testDatafeed})
						case realTimeRun && j.open:
							want.StartDatafeed = testDatafeed
						case realTimeRun:
							want.Warnings = append(want.Warnings, Warning{Kind: WarningDatafeedLeftStopped, JobID: testJob, DatafeedID: testDatafeed, Detail: job})
						}
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("got  %+v\nwant %+v", got, want)
					}
					if n, most := mode.requests(before, got), mode.MaxRequests(); n > most {
						t.Fatalf("%d requests, over the budget of %d", n, most)
					}
				})
			}
		}
	}
}

// The cases design §8 names, spelled out.
func TestPlanAfterResetAsTheDesignSaysIt(t *testing.T) {
	cases := []struct {
		name   string
		mode   AfterReset
		before Before
		want   Plan
	}{
		{"closed does nothing more", AfterResetClosed,
			Before{JobState: esclient.JobOpened, DatafeedID: testDatafeed, Datafeed: esclient.DatafeedStats{State: esclient.DatafeedStarted, RunningState: realTime}},
			Plan{}},
		{"restore: an open job with a real-time datafeed comes back", AfterResetRestore,
			Before{JobState: esclient.JobOpened, DatafeedID: testDatafeed, Datafeed: esclient.DatafeedStats{State: esclient.DatafeedStarted, RunningState: realTime}},
			Plan{OpenJob: true, StartDatafeed: testDatafeed}},
		{"restore: a lazily opening job with its waiting datafeed comes back", AfterResetRestore,
			Before{JobState: esclient.JobOpening, DatafeedID: testDatafeed, Datafeed: esclient.DatafeedStats{State: esclient.DatafeedStarting}},
			Plan{OpenJob: true, StartDatafeed: testDatafeed}},
		{"restore: a lookback is not restarted, and named", AfterResetRestore,
			Before{JobState: esclient.JobOpened, DatafeedID: testDatafeed, Datafeed: esclient.DatafeedStats{State: esclient.DatafeedStarted, RunningState: lookback}},
			Plan{OpenJob: true, Warnings: []Warning{{Kind: WarningLookbackNotRestarted, JobID: testJob, DatafeedID: testDatafeed}}}},
		{"restore: an open job whose datafeed was stopped opens alone", AfterResetRestore,
			Before{JobState: esclient.JobOpened, DatafeedID: testDatafeed, Datafeed: esclient.DatafeedStats{State: esclient.DatafeedStopped}},
			Plan{OpenJob: true}},
		{"restore: a failed job stays closed", AfterResetRestore,
			Before{JobState: esclient.JobFailed},
			Plan{Warnings: []Warning{{Kind: WarningFailedJobLeftClosed, JobID: testJob}}}},
		{"restore: a closed job stays closed", AfterResetRestore,
			Before{JobState: esclient.JobClosed, DatafeedID: testDatafeed, Datafeed: esclient.DatafeedStats{State: esclient.DatafeedStopped}},
			Plan{}},
		{"started: whatever ran before", AfterResetStarted,
			Before{DatafeedID: testDatafeed},
			Plan{OpenJob: true, StartDatafeed: testDatafeed}},
		{"started: a job without a datafeed only opens", AfterResetStarted,
			Before{},
			Plan{OpenJob: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := PlanAfterReset(testJob, tc.mode, tc.before); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestRequestBudget(t *testing.T) {
	want := map[AfterReset]int{"": 2, AfterResetClosed: 2, AfterResetStarted: 5, AfterResetRestore: 7}
	for mode, n := range want {
		if got := mode.MaxRequests(); got != n {
			t.Errorf("%q: budget %d, want %d", mode, got, n)
		}
	}
	// The most a plan can ask for fills each budget exactly.
	full := Before{JobState: esclient.JobOpened, DatafeedID: testDatafeed, Datafeed: esclient.DatafeedStats{State: esclient.DatafeedStarted}}
	for _, mode := range []AfterReset{AfterResetClosed, AfterResetStarted, AfterResetRestore} {
		if got := mode.requests(full, PlanAfterReset(testJob, mode, full)); got != mode.MaxRequests() {
			t.Errorf("%q: the fullest plan sends %d requests, budget %d", mode, got, mode.MaxRequests())
		}
	}
}
