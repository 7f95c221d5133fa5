// Package actiontimeout is the timeout attribute every action takes: a Go
// duration that bounds the whole invocation, checked with the
// configuration.
package actiontimeout

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// Default bounds an invocation whose timeout is not set: the engine's.
const Default = mlreset.DefaultTimeout

// Description describes the attribute, after howLong says what it bounds
// ("How long the reset may take").
func Description(howLong string) string {
	return howLong + ", as a Go duration such as `30m` or `1h30m`. Defaults to `" + goDuration(Default) + "`."
}

// goDuration writes d as a user would, 20m rather than 20m0s.
func goDuration(d time.Duration) string {
	return strings.TrimSuffix(d.String(), "0s")
}

// Of is the configured bound, or Default. The value was validated with
// the configuration.
func Of(v types.String) (time.Duration, error) {
	if v.IsNull() {
		return Default, nil
	}
	return time.ParseDuration(v.ValueString())
}

// Validator accepts what time.ParseDuration reads, above zero: an
// invocation bounded by nothing would fail before it starts.
func Validator() validator.String { return durationValidator{} }

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
