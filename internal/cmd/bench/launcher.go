package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// Terraform starts the provider as a plugin process of its own (several
// per apply: validate, plan, apply). To learn each one's peak memory
// exactly, the plugin directory holds a copy of this program instead of
// the provider: it runs the real provider as its child, with the same
// arguments, standard streams and environment, and when the child exits
// appends the child's peak RSS, which the kernel reports to the parent
// that waits for it, and its CPU time to a log.
const (
	envProviderBinary = "ESBENCH_PROVIDER_BINARY"
	envPeakLog        = "ESBENCH_PEAK_RSS_LOG"
)

func launchProvider(provider, peakLog string) int {
	cmd := exec.Command(provider, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// Ctrl-C reaches the provider from the terminal's process group, and
	// the provider ignores it, as plugins do; a SIGTERM meant for the
	// plugin is passed on.
	signal.Ignore(os.Interrupt)
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "bench launcher:", err)
		return 1
	}
	go func() {
		for sig := range term {
			_ = cmd.Process.Signal(sig)
		}
	}()
	err := cmd.Wait()
	if peakLog != "" {
		if kb, ok := peakRSSKiB(cmd.ProcessState); ok {
			if f, ferr := os.OpenFile(peakLog, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); ferr == nil {
				// One short write with O_APPEND: lines of concurrent
				// plugin processes do not interleave.
				cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				_, _ = fmt.Fprintf(f, "%d %d %d\n", cmd.ProcessState.Pid(), kb, cpu.Milliseconds())
				_ = f.Close()
			}
		}
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit) && exit.ExitCode() > 0:
		return exit.ExitCode()
	default:
		return 1
	}
}
