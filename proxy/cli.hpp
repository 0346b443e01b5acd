// The `offerscope` command line: each subcommand is a function taking the arguments after
// its name and returning the process exit code (0 ok, 1 failure, 2 bad input/usage).
#pragma once

namespace offerscope::proxy {

int RunServe(int argc, char** argv);      // serve.cpp (the self-hosted proxy)
int RunNormalize(int argc, char** argv);  // cli_normalize.cpp
int RunPlan(int argc, char** argv);       // cli_plan.cpp
int RunFilter(int argc, char** argv);     // cli_filter.cpp
int RunUrl(int argc, char** argv);        // cli_url.cpp

}  // namespace offerscope::proxy
