package mlreset

import "errors"

// DefaultAfterReset is after_reset when nothing is said: the job stays
// closed, as a reset leaves it.
const DefaultAfterReset = AfterResetClosed

// jobModes are the values a job reset's after_reset takes.
var jobModes = modeSet[AfterReset]{DefaultAfterReset, AfterResetRestore, AfterResetStarted}

// Modes are the values after_reset takes, the default first.
func Modes() []string { return jobModes.strings() }

// OrDefault is m, or DefaultAfterReset when m is unset.
func (m AfterReset) OrDefault() AfterReset { return jobModes.orDefault(m) }

// ErrDatafeedStartUnused is a datafeed start given with an after_reset
// that starts no datafeed.
var ErrDatafeedStartUnused = errors.New(`a datafeed start is used only with after_reset "restore" or "started"`)

// CheckDatafeedStart says whether a datafeed start may be given with mode
// (DESIGN.md §4): only restore and started start a datafeed, so with
// closed (or nothing) the start would be ignored. A mode that is none of
// Modes() is refused on its own, not here.
func CheckDatafeedStart(mode AfterReset) error {
	if mode.OrDefault() == AfterResetClosed {
		return ErrDatafeedStartUnused
	}
	return nil
}

// JobRunsAfterReset says whether a job in jobState before the reset is
// opened again after it under mode: what PlanAfterReset decides, for the
// plan to say before anything is read but the job's state.
func JobRunsAfterReset(mode AfterReset, jobState string) bool {
	return PlanAfterReset("", mode, Before{JobState: jobState}).OpenJob
}
