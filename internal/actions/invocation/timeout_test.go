package invocation

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestTimeoutValidator(t *testing.T) {
	for value, valid := range map[string]bool{"30m": true, "1h30m": true, "1s": true, "0s": false, "-5m": false, "20 minutes": false, "": false} {
		resp := &validator.StringResponse{}
		TimeoutValidator().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("timeout"), ConfigValue: types.StringValue(value)}, resp)
		if resp.Diagnostics.HasError() == valid {
			t.Errorf("%q: valid %v, got %v", value, valid, resp.Diagnostics)
		}
	}
}

func TestTimeout(t *testing.T) {
	if d, err := Timeout(types.StringNull()); err != nil || d != 20*time.Minute {
		t.Fatalf("unset: %s %v", d, err)
	}
	if d, err := Timeout(types.StringValue("1h30m")); err != nil || d != 90*time.Minute {
		t.Fatalf("1h30m: %s %v", d, err)
	}
	if got := TimeoutDescription("How long the reset may take"); got != "How long the reset may take, as a Go duration such as `30m` or `1h30m`. Defaults to `20m`." {
		t.Fatalf("description %q", got)
	}
}
