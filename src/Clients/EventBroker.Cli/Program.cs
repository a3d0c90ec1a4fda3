using EventBroker.Cli;

return await AdminCli.RunAsync(args, Console.Out, Console.Error);
