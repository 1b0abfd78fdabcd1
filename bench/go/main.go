// Benchmark worker for Apache's Go client for Spark Connect
// (github.com/apache/spark-connect-go, imported from the Go module proxy).
//
// Runs one task once and prints one JSON line on stdout, like the other workers
// (bench/ts/common.ts):
//
//	bench-go collect --remote sc://127.0.0.1:15430 --sql "..." --rows 1000000
//
// Tasks: session_start, latency, collect, to_arrow, stream, upload. stream and upload answer
// {"ok":false,"unsupported":true}: the Go client's DataFrame.All collects the whole result before
// iterating, and its CreateDataFrame has no decimal or struct columns.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/apache/spark-connect-go/spark/sql"
)

type args struct {
	task, remote, sql, warmupSQL string
	rows, queries, warmup        int
}

func parseArgs(argv []string) (args, error) {
	a := args{remote: "sc://127.0.0.1:15430", sql: "SELECT 1", queries: 100, warmup: 10}
	if len(argv) == 0 {
		return a, errors.New("no task")
	}
	a.task = argv[0]
	rest := argv[1:]
	for i := 0; i < len(rest); i += 2 {
		if i+1 >= len(rest) || len(rest[i]) < 3 || rest[i][:2] != "--" {
			return a, fmt.Errorf("bad argument %q", rest[i])
		}
		k, v := rest[i][2:], rest[i+1]
		var err error
		switch k {
		case "remote":
			a.remote = v
		case "sql":
			a.sql = v
		case "warmup-sql":
			a.warmupSQL = v
		case "rows":
			a.rows, err = strconv.Atoi(v)
		case "queries":
			a.queries, err = strconv.Atoi(v)
		case "warmup":
			a.warmup, err = strconv.Atoi(v)
		default:
			err = fmt.Errorf("unknown option --%s", k)
		}
		if err != nil {
			return a, err
		}
	}
	return a, nil
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

func percentile(values []float64, p float64) float64 {
	s := append([]float64(nil), values...)
	sort.Float64s(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	if rank < 1 {
		rank = 1
	}
	if rank > len(s) {
		rank = len(s)
	}
	return s[rank-1]
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func run(a args) (map[string]any, error) {
	ctx := context.Background()
	connect := func() (sql.SparkSession, error) {
		return sql.NewSessionBuilder().Remote(a.remote).Build(ctx)
	}
	query := func(spark sql.SparkSession, q string) (int, error) {
		df, err := spark.Sql(ctx, q)
		if err != nil {
			return 0, err
		}
		rows, err := df.Collect(ctx)
		return len(rows), err
	}
	check := func(n int) error {
		if a.rows > 0 && n != a.rows {
			return fmt.Errorf("expected %d rows, got %d", a.rows, n)
		}
		return nil
	}

	switch a.task {
	case "session_start":
		runtime.GC()
		t0 := time.Now()
		spark, err := connect()
		if err != nil {
			return nil, err
		}
		n, err := query(spark, "SELECT 1")
		if err != nil {
			return nil, err
		}
		elapsed := time.Since(t0)
		if n != 1 {
			return nil, errors.New("SELECT 1 gave no row")
		}
		_ = spark.Stop()
		return map[string]any{"ms": ms(elapsed)}, nil
	case "stream":
		return map[string]any{"ok": false, "unsupported": true,
			"error": "DataFrame.All() collects the whole result before iterating (no streaming)"}, nil
	case "upload":
		return map[string]any{"ok": false, "unsupported": true,
			"error": "CreateDataFrame supports no DECIMAL or STRUCT columns"}, nil
	}

	spark, err := connect()
	if err != nil {
		return nil, err
	}
	defer func() { _ = spark.Stop() }()

	switch a.task {
	case "latency":
		for i := 0; i < a.warmup; i++ {
			if _, err := query(spark, a.sql); err != nil {
				return nil, err
			}
		}
		times := make([]float64, 0, a.queries)
		for i := 0; i < a.queries; i++ {
			t0 := time.Now()
			if _, err := query(spark, a.sql); err != nil {
				return nil, err
			}
			times = append(times, ms(time.Since(t0)))
		}
		return map[string]any{"p50_ms": percentile(times, 50), "p99_ms": percentile(times, 99), "n": len(times)}, nil
	case "collect", "to_arrow":
		if a.warmupSQL != "" {
			// Warm up with the task's own action (Collect of a struct column is quadratic).
			w, err := spark.Sql(ctx, a.warmupSQL)
			if err != nil {
				return nil, err
			}
			if a.task == "collect" {
				_, err = w.Collect(ctx)
			} else {
				_, err = w.ToArrow(ctx)
			}
			if err != nil {
				return nil, err
			}
		}
		df, err := spark.Sql(ctx, a.sql)
		if err != nil {
			return nil, err
		}
		runtime.GC()
		c0 := cpuSeconds()
		t0 := time.Now()
		var n int
		if a.task == "collect" {
			rows, err := df.Collect(ctx)
			if err != nil {
				return nil, err
			}
			n = len(rows)
		} else {
			table, err := df.ToArrow(ctx)
			if err != nil {
				return nil, err
			}
			n = int((*table).NumRows())
		}
		seconds := time.Since(t0).Seconds()
		cpu := cpuSeconds() - c0
		if err := check(n); err != nil {
			return nil, err
		}
		return map[string]any{"seconds": seconds, "cpu_s": cpu, "rows": n}, nil
	}
	return nil, fmt.Errorf("unknown task %q", a.task)
}

func main() {
	a, err := parseArgs(os.Args[1:])
	var result map[string]any
	if err == nil {
		result, err = run(a)
	}
	code := 0
	if err != nil {
		result = map[string]any{"ok": false, "error": err.Error()}
		code = 1
	} else if _, has := result["ok"]; !has {
		result["ok"] = true
	}
	out, _ := json.Marshal(result)
	fmt.Println(string(out))
	os.Exit(code)
}
