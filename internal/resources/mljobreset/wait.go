package mljobreset

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// maxPollWindow is the longest single long poll, Elasticsearch's own
// default; the deadline shortens the last one.
const maxPollWindow = 30 * time.Second

// waitForTask follows a reset task with the tasks API's long poll, which
// answers the moment the task ends, so the apply sees the end within a
// round trip instead of a polling interval.
func (r *jobResetResource) waitForTask(ctx context.Context, jobID, taskID string, opts esclient.ResetOptions, diags *diag.Diagnostics) error {
	for {
		window := r.pollWindow
		if window == 0 {
			window = maxPollWindow
		}
		if deadline, ok := ctx.Deadline(); ok {
			window = min(window, time.Until(deadline))
		}
		if window <= 0 {
			return context.DeadlineExceeded
		}
		task, err := r.client.WaitForTask(ctx, taskID, window)
		switch {
		case esclient.IsPollTimeout(err):
			continue // still running
		case esclient.IsStatus(err, http.StatusForbidden):
			// Reading tasks needs the monitor privilege, which manage_ml
			// lacks. A blocking reset waits for the running one (and
			// re-runs it if it failed), which watching the job's blocked
			// field alone could not tell apart from a stuck reset. If the
			// task has already finished, the job is reset once more: the
			// safe side, since a reset that seemed done but had not yet
			// started would end the apply too early.
			diags.AddWarning("Cannot follow the reset task; waiting through the job instead",
				"Reading task "+taskID+" needs the monitor cluster privilege, which these credentials lack: "+errorReason(err)+
					". The provider waits for the reset of job \""+jobID+"\" with a blocking reset call instead. "+
					"Grant monitor, or set wait_for_completion = true, to silence this warning.")
			return r.resetBlocking(ctx, jobID, opts)
		case esclient.IsStatus(err, http.StatusNotFound):
			// The task is gone without a stored result (its node left the
			// cluster): join or re-run the reset through the job.
			diags.AddWarning("Reset task lost; waiting through the job instead",
				"Elasticsearch no longer knows task "+taskID+": "+errorReason(err)+
					". The provider waits for the reset of job \""+jobID+"\" with a blocking reset call, which re-runs the reset if it was abandoned (Elasticsearch 8.13 and later).")
			return r.resetBlocking(ctx, jobID, opts)
		case err != nil:
			return err
		case !task.Completed:
			// Not what a long poll answers; do not spin on a proxy that
			// drops the parameter.
			tflog.Debug(ctx, "Task not completed after a long poll", map[string]any{"task_id": taskID})
			if err := esclient.Sleep(ctx, time.Second); err != nil {
				return err
			}
			continue
		case task.Error != nil && task.Error.Type == "timeout_exception":
			// The task gave up waiting (30 s) for an earlier reset of the
			// job: wait for that one as a blocking reset does.
			tflog.Debug(ctx, "The reset task timed out waiting for an earlier reset; joining it", map[string]any{"task_id": taskID})
			return r.resetBlocking(ctx, jobID, opts)
		case task.Error != nil:
			return &taskError{taskID: taskID, err: &esclient.Error{Type: task.Error.Type, Reason: task.Error.Reason}}
		}
		if cancelled(task.Response) {
			return &taskError{taskID: taskID, err: errResetCancelled}
		}
		return nil
	}
}

// cancelled reads a finished reset task's stored response: a reset
// cancelled part way answers {"acknowledged": false}.
func cancelled(response json.RawMessage) bool {
	if len(response) == 0 {
		return false // completed without error and nothing stored
	}
	var body struct {
		Acknowledged *bool `json:"acknowledged"`
	}
	if err := json.Unmarshal(response, &body); err != nil || body.Acknowledged == nil {
		return false
	}
	return !*body.Acknowledged
}
