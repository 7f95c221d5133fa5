package mlreset

// Progress receives each step of a run as it happens. The resource logs
// them; an action shows them to the user. Nil: nobody listens.
type Progress func(Event)

// Step is one thing a run does or waits for.
type Step int

const (
	StepClosing             Step = iota + 1 // closing the job (Attempt counts from 1)
	StepReopened                            // the job was re-opened before the reset: close it again
	StepResetting                           // blocking reset call under way
	StepResetStarted                        // reset task started (TaskID)
	StepStillWaiting                        // a long poll ended with the task still running
	StepJoiningReset                        // waiting through the job with a blocking reset call
	StepEarlierResetRunning                 // Elasticsearch still waits for an earlier reset of the job
	StepWaitCut                             // a gateway cut the wait for an answer; the work goes on and is followed
	StepFollowingTask                       // after a cut, following the task that holds the job (TaskID)
	StepCallingAgain                        // the blocking call is sent again after a cut (blocking.go says when)
	StepReadingState                        // reading what runs, for after_reset
	StepOpening                             // opening the job after the reset
	StepStartingDatafeed                    // starting the datafeed after the reset (DatafeedID)
	StepDone                                // the run has ended, one way or another
	StepReverting                           // the revert call is under way
)

// Event is one step of a run on Object.
type Event struct {
	Step   Step
	Object Object
	// JobID is Object's id when it is a job.
	JobID   string
	TaskID  string // the run's task, once there is one, or the task followed after a cut
	Attempt int    // with StepClosing and StepReopened
	// DatafeedID is the datafeed being started, with StepStartingDatafeed.
	DatafeedID string
}

// Message says what the step is, in a sentence.
func (e Event) Message() string {
	if e.Object.Kind == ObjectTransform {
		return e.transformMessage()
	}
	switch e.Step {
	case StepClosing:
		return "Closing the job"
	case StepReopened:
		return "The job was re-opened before the operation; closing it again"
	case StepResetting:
		return "Resetting the job"
	case StepResetStarted:
		return "Reset started as a task"
	case StepStillWaiting:
		return "Still waiting for the reset task"
	case StepJoiningReset:
		return "Waiting for the reset through the job"
	case StepEarlierResetRunning:
		return "Elasticsearch is still waiting for an earlier reset of the job"
	case StepWaitCut:
		return "A gateway cut the wait for Elasticsearch's answer; following the reset"
	case StepFollowingTask:
		return "Following the reset task that holds the job"
	case StepCallingAgain:
		return "Sending the reset call again"
	case StepReadingState:
		return "Reading what runs, to bring it back after the reset"
	case StepOpening:
		return "Opening the job again"
	case StepStartingDatafeed:
		return "Starting the datafeed again"
	case StepDone:
		return "Ended"
	case StepReverting:
		return "Reverting the job to the model snapshot"
	}
	return "Reset step"
}
