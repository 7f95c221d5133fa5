package mljobreset

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A state Delete cannot read is reported, not dropped.
func TestDeleteReportsAnUnreadableState(t *testing.T) {
	ctx := context.Background()
	r := &jobResetResource{}
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	req := resource.DeleteRequest{State: tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(tftypes.String, "not an object")}}
	resp := &resource.DeleteResponse{}
	r.Delete(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		t.Fatal("want the state's error reported")
	}
}
