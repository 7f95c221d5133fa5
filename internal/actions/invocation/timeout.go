package invocation

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// An action's timeout attribute: a Go duration bounding the whole run,
// mlreset.DefaultTimeout when unset.

// TimeoutValidator accepts what time.ParseDuration reads, above zero: a run
// bounded by nothing would fail before it starts.
func TimeoutValidator() validator.String { return durationValidator{} }

type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "a positive duration such as 30m or 1h30m"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err == nil && d <= 0 {
		err = fmt.Errorf("%s is not above zero", req.ConfigValue.ValueString())
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timeout",
			fmt.Sprintf("timeout must be a positive duration such as 30m or 1h30m (units h, m, s): %v.", err))
	}
}

// Timeout is the configured bound, or the default. The value was
// validated with the configuration.
func Timeout(v types.String) (time.Duration, error) {
	if v.IsNull() {
		return mlreset.DefaultTimeout, nil
	}
	return time.ParseDuration(v.ValueString())
}

// DefaultTimeout is mlreset.DefaultTimeout written as a user would, 20m
// rather than 20m0s, for the docs.
func DefaultTimeout() string {
	return strings.TrimSuffix(mlreset.DefaultTimeout.String(), "0s")
}

// TimeoutDescription describes the timeout attribute, after howLong says
// what it bounds ("How long the whole reset may take").
func TimeoutDescription(howLong string) string {
	return howLong + ", as a Go duration such as `30m` or `1h30m`. Defaults to `" + DefaultTimeout() + "`."
}
