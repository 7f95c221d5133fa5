// Package mljobreset is the elasticsearch_ml_job_reset resource: it resets
// an anomaly-detection job when it is created or replaced, which happens
// when its triggers change.
package mljobreset

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// New is the resource's constructor, as the provider lists it.
func New() resource.Resource { return &jobResetResource{} }

type jobResetResource struct {
	// client is nil when the provider has no endpoint (or is not
	// configured yet, during an early plan).
	client *esclient.Client
	// pollWindow overrides the longest task long poll (tests).
	pollWindow time.Duration
}

var (
	_ resource.ResourceWithConfigure   = (*jobResetResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*jobResetResource)(nil)
	_ resource.ResourceWithImportState = (*jobResetResource)(nil)
)

func (r *jobResetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ml_job_reset"
}

func (r *jobResetResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	client, ok := req.ProviderData.(*esclient.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("expected *esclient.Client, got %T", req.ProviderData))
		return
	}
	r.client = client
}

// requireClient reports the missing endpoint when a step needs the cluster.
func (r *jobResetResource) requireClient(diags *diag.Diagnostics) bool {
	if r.client != nil {
		return true
	}
	diags.AddError("No Elasticsearch endpoint configured",
		"The elasticsearch provider needs the address of the cluster: set endpoints in the provider block or the ELASTICSEARCH_ENDPOINTS environment variable.")
	return false
}
