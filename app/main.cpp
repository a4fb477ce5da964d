// majlis: the executable. Everything it does is in cli.cpp; this file only hands over.
namespace majlis {
int run_cli(int argc, char** argv);
}

int main(int argc, char** argv) { return majlis::run_cli(argc, argv); }
