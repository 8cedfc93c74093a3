using Junction.Cli;

return await JunctionCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
