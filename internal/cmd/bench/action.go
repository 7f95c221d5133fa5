package main

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// The action against the resource (DESIGN.md §7): one reset of a closed
// job, invoked, and the same reset applied through the resource, each in a
// fresh directory, with the same terraform.

const actionConfig variant = "action"

type actionTiming struct {
	action, resource time.Duration
}

// timeAction runs runs invocations and runs resource applies of one reset
// each, alternating, with terraform at cli (a 1.14 build), and returns the
// medians.
func (b *bench) timeAction(ctx context.Context, cli string, runs int) (actionTiming, error) {
	var out actionTiming
	ws := b.ws
	defer func(usual string) { ws.terraform = usual }(ws.terraform)
	ws.terraform = cli
	var actions, resources []time.Duration
	for r := range runs {
		order := []variant{actionConfig, viaProvider}
		if r%2 == 1 {
			slices.Reverse(order)
		}
		for _, v := range order {
			jobs, err := b.newJobs(1, "action-"+string(v), false, true, false)
			if err != nil {
				return out, err
			}
			dir, err := ws.prepare(v, b.endpoint, jobs)
			if err != nil {
				return out, err
			}
			args := []string{"apply", "-auto-approve", "-input=false", "-no-color"}
			if v == actionConfig {
				args = append(args, "-invoke=action.elasticsearch_ml_job_reset.bench")
			}
			run, err := ws.terraformIn(ctx, dir, args...)
			if err != nil {
				return out, err
			}
			if err := b.checkReset(jobs, "closed"); err != nil {
				return out, err
			}
			fmt.Printf("run %d  %-8s one reset: %.2f s\n", r+1, v, run.wall().Seconds())
			if v == actionConfig {
				actions = append(actions, run.wall())
			} else {
				resources = append(resources, run.wall())
			}
		}
	}
	out.action, out.resource = medianDuration(actions), medianDuration(resources)
	return out, nil
}

func medianDuration(d []time.Duration) time.Duration {
	d = slices.Clone(d)
	slices.Sort(d)
	return d[len(d)/2]
}
