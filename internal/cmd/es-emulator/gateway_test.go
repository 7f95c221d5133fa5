package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

func TestGatewayFlags(t *testing.T) {
	for _, tc := range []struct {
		flags gatewayFlags
		want  emulator.Gateway
	}{
		{gatewayFlags{0, "504"}, emulator.Gateway{}},
		{gatewayFlags{0, "nonsense"}, emulator.Gateway{}},
		{gatewayFlags{3 * time.Second, "504"}, emulator.Gateway{Timeout: 3 * time.Second, Answer: http.StatusGatewayTimeout}},
		{gatewayFlags{time.Second, "502"}, emulator.Gateway{Timeout: time.Second, Answer: http.StatusBadGateway}},
		{gatewayFlags{time.Second, "503"}, emulator.Gateway{Timeout: time.Second, Answer: http.StatusServiceUnavailable}},
		{gatewayFlags{time.Second, "drop"}, emulator.Gateway{Timeout: time.Second, Answer: emulator.GatewayDrops}},
	} {
		got, err := tc.flags.gateway()
		if err != nil || got != tc.want {
			t.Errorf("%+v: got %+v, %v; want %+v", tc.flags, got, err, tc.want)
		}
	}
	for _, answer := range []string{"500", "200", "", "close", "-1"} {
		if _, err := (gatewayFlags{time.Second, answer}).gateway(); err == nil {
			t.Errorf("-gateway-answer %q: want an error", answer)
		}
	}
}
