package mljobreset_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

func TestAccReset_versionGates(t *testing.T) {
	cases := []struct {
		name    string
		opts    []emulator.Option
		kv      []any
		wantErr string
		calls   func(jobID string) []string
	}{
		{
			name:    "reset needs 7.14",
			opts:    []emulator.Option{emulator.WithVersion("7.13.4")},
			wantErr: `(?s)Elasticsearch version too old.*The reset API needs Elasticsearch\s+7\.14\.0`,
		},
		{
			name:    "delete_user_annotations needs 8.7",
			opts:    []emulator.Option{emulator.WithVersion("8.6.2")},
			kv:      []any{"delete_user_annotations", true, "wait_for_completion", false},
			wantErr: `(?s)delete_user_annotations needs Elasticsearch\s+8\.7\.0`,
		},
		{
			name:  "8.6 resets without the parameter",
			opts:  []emulator.Option{emulator.WithVersion("8.6.2")},
			calls: func(id string) []string { return []string{closeCall(id), resetCall(id)} },
		},
		{
			name:  "7.14 is enough to reset",
			opts:  []emulator.Option{emulator.WithVersion("7.14.0")},
			calls: func(id string) []string { return []string{closeCall(id), resetCall(id)} },
		},
		{
			name: "8.7 takes delete_user_annotations",
			opts: []emulator.Option{emulator.WithVersion("8.7.0")},
			kv:   []any{"delete_user_annotations", true},
			calls: func(id string) []string {
				return []string{closeCall(id), resetCall(id, "delete_user_annotations", "true")}
			},
		},
		{
			name: "serverless skips the gates",
			opts: []emulator.Option{emulator.WithServerless()},
			kv:   []any{"delete_user_annotations", true},
			calls: func(id string) []string {
				return []string{closeCall(id), resetCall(id, "delete_user_annotations", "true")}
			},
		},
	}
	acctest.ParentOfEmulated(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := acctest.NewEmulated(t, tc.opts...)
			jobID := c.JobID(t)
			c.CreateJob(t, jobID)
			step := resource.TestStep{ConfigDirectory: configDir, ConfigVariables: vars(jobID, tc.kv...)}
			if tc.wantErr != "" {
				step.PlanOnly = true
				step.ExpectError = regexp.MustCompile(tc.wantErr)
			} else {
				step.Check = c.ExpectResetCalls(jobID, tc.calls(jobID)...)
			}
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: c.ProviderFactories(), Steps: []resource.TestStep{step}})

			// The version is read once per provider process, and a gate
			// that fails sends no reset at all.
			infos := 0
			for _, r := range c.Requests() {
				if r.Method == "GET" && r.Path == "/" {
					infos++
				}
			}
			if infos == 0 {
				t.Fatal("the provider never read the cluster version")
			}
			if tc.wantErr != "" {
				if got := c.ResetCalls(jobID); len(got) != 0 {
					t.Fatalf("a failed version gate must send nothing to the job, got %q", got)
				}
			}
		})
	}
}

// Turning delete_user_annotations on in place is checked at plan time too:
// the next reset would otherwise fail on the old cluster.
func TestAccReset_versionGateOnInPlaceChange(t *testing.T) {
	c := acctest.NewEmulated(t, emulator.WithVersion("8.6.2"))
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{ConfigDirectory: configDir, ConfigVariables: vars(jobID)},
			{
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID, "delete_user_annotations", true),
				PlanOnly:        true,
				ExpectError:     acctest.ErrorText("delete_user_annotations needs Elasticsearch 8.7.0"),
			},
		},
	})
}
