package main

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// gatewayFlags put the emulator behind a gateway that gives up waiting,
// as load balancers in front of many clusters do.
type gatewayFlags struct {
	timeout time.Duration
	answer  string
}

// gateway reads the flags: no timeout, no gateway.
func (f gatewayFlags) gateway() (emulator.Gateway, error) {
	if f.timeout <= 0 {
		return emulator.Gateway{}, nil
	}
	if f.answer == "drop" {
		return emulator.Gateway{Timeout: f.timeout, Answer: emulator.GatewayDrops}, nil
	}
	status, err := strconv.Atoi(f.answer)
	if err != nil || (status != http.StatusBadGateway && status != http.StatusServiceUnavailable && status != http.StatusGatewayTimeout) {
		return emulator.Gateway{}, fmt.Errorf("-gateway-answer wants 502, 503, 504 or drop, not %q", f.answer)
	}
	return emulator.Gateway{Timeout: f.timeout, Answer: status}, nil
}

// summary says what stands in front of the emulator.
func (f gatewayFlags) summary() string {
	if f.timeout <= 0 {
		return "no gateway"
	}
	if f.answer == "drop" {
		return fmt.Sprintf("behind a gateway that drops requests unanswered after %s", f.timeout)
	}
	return fmt.Sprintf("behind a gateway that answers %s after %s", f.answer, f.timeout)
}
