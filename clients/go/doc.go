// Package qpi is a client for the HTTP API of QPI, a Slurm-shaped workload manager for
// quantum processors. It uses the standard library only.
//
//	client := qpi.NewClient("http://127.0.0.1:8090", os.Getenv("QPI_TOKEN"))
//	job, err := client.SubmitJob(ctx, qpi.SubmitRequest{
//		Circuits: []qpi.Circuit{{Circuit: bellQASM}}, Shots: 1000, QPU: "sim0",
//	})
//	job, err = client.Wait(ctx, job.ID)
//	result, err := client.GetResult(ctx, job.ID)
//	fmt.Println(result.Results[0].Counts) // map[00:507 11:493]
//
// Every call takes a context: cancelling it abandons the request. The API's refusals come
// back as *APIError (use errors.As), with the HTTP status and the API's code, message and
// field. Types mirror the API's JSON documents (see /api/openapi.json): snake_case keys,
// times as time.Time (the API writes RFC 3339), null as nil pointers.
package qpi
