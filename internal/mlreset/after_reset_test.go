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

// The plan for every combination, written out. Each row is a job state;
// its columns are the datafeed before the close, in datafeedsBefore's
// order: no datafeed, then started, starting, stopped and stopping, each
// with no running_state, in real time, and running a lookback.
func TestPlanAfterResetCoversEveryCombination(t *testing.T) {
	lookbackWarning := Warning{Kind: WarningLookbackNotRestarted, JobID: testJob, DatafeedID: testDatafeed}
	failedWarning := Warning{Kind: WarningFailedJobLeftClosed, JobID: testJob}
	leftStopped := func(jobState string) Warning {
		return Warning{Kind: WarningDatafeedLeftStopped, JobID: testJob, DatafeedID: testDatafeed, Detail: jobState}
	}
	var (
		none             = Plan{}
		open             = Plan{OpenJob: true}
		openAndStart     = Plan{OpenJob: true, StartDatafeed: testDatafeed}
		openNoLookback   = Plan{OpenJob: true, Warnings: []Warning{lookbackWarning}}
		noLookback       = Plan{Warnings: []Warning{lookbackWarning}}
		closedStopped    = Plan{Warnings: []Warning{leftStopped(esclient.JobClosed)}}
		closingStopped   = Plan{Warnings: []Warning{leftStopped(esclient.JobClosing)}}
		failed           = Plan{Warnings: []Warning{failedWarning}}
		failedStopped    = Plan{Warnings: []Warning{failedWarning, leftStopped(esclient.JobFailed)}}
		failedNoLookback = Plan{Warnings: []Warning{failedWarning, lookbackWarning}}
	)
	nothingMore := map[string][13]Plan{
		esclient.JobOpened:  {none, none, none, none, none, none, none, none, none, none, none, none, none},
		esclient.JobOpening: {none, none, none, none, none, none, none, none, none, none, none, none, none},
		esclient.JobClosed:  {none, none, none, none, none, none, none, none, none, none, none, none, none},
		esclient.JobClosing: {none, none, none, none, none, none, none, none, none, none, none, none, none},
		esclient.JobFailed:  {none, none, none, none, none, none, none, none, none, none, none, none, none},
	}
	want := map[AfterReset]map[string][13]Plan{
		"":               nothingMore,
		AfterResetClosed: nothingMore,
		AfterResetStarted: {
			esclient.JobOpened:  {open, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart},
			esclient.JobOpening: {open, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart},
			esclient.JobClosed:  {open, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart},
			esclient.JobClosing: {open, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart},
			esclient.JobFailed:  {open, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart, openAndStart},
		},
		AfterResetRestore: {
			esclient.JobOpened:  {open, openAndStart, openAndStart, openNoLookback, openAndStart, openAndStart, openNoLookback, open, open, open, open, open, open},
			esclient.JobOpening: {open, openAndStart, openAndStart, openNoLookback, openAndStart, openAndStart, openNoLookback, open, open, open, open, open, open},
			esclient.JobClosed:  {none, closedStopped, closedStopped, noLookback, closedStopped, closedStopped, noLookback, none, none, none, none, none, none},
			esclient.JobClosing: {none, closingStopped, closingStopped, noLookback, closingStopped, closingStopped, noLookback, none, none, none, none, none, none},
			esclient.JobFailed:  {failed, failedStopped, failedStopped, failedNoLookback, failedStopped, failedStopped, failedNoLookback, failed, failed, failed, failed, failed, failed},
		},
	}
	for _, mode := range []AfterReset{"", AfterResetClosed, AfterResetStarted, AfterResetRestore} {
		for _, job := range jobStates {
			for i, df := range datafeedsBefore() {
				t.Run(fmt.Sprintf("%q/job %s/%s", mode, job, df.name), func(t *testing.T) {
					row, ok := want[mode][job]
					if !ok {
						t.Fatal("no expectation written for this job state")
					}
					got := PlanAfterReset(testJob, mode, Before{JobState: job, DatafeedID: df.id, Datafeed: df.stats})
					if !reflect.DeepEqual(got, row[i]) {
						t.Fatalf("got  %+v\nwant %+v", got, row[i])
					}
				})
			}
		}
	}
}

// The cases DESIGN.md §4 names, spelled out.
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
